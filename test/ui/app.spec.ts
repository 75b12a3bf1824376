/** The workbench against the bundled samples: figures, drill-down, bad files, SQL, 1M-row grid. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { defaultCurrency, moneyText, percentText, sampleFiles, samplesEngine, samplesRun } from './expected';
import { isConfigFile } from '../../renderer/features/data/sample-filter';
import { currencyExponent, toMinorUnits } from '../../src/model/money';
import { gotoScreen, gridHeaders, gridRows, writeBigCostCsv } from './app-helpers';
import { csvCell, parseCsv } from '../../src/model/csv';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('bundled samples open and the KPI tiles show the figures computed independently', async ({ app: page }) => {
  const samples = sampleFiles(repo);
  expect(samples.length, 'no bundled samples under samples/').toBeGreaterThan(0);
  const run = await samplesRun(repo);
  const engine = run.engine;
  const cur = await defaultCurrency(engine);
  const [cost] = await engine.query<{ billed: string; effective: string; allocated: string; n: number }>(
    'SELECT sum(BilledCost) AS billed, sum(EffectiveCost) AS effective, sum(coalesce(EffectiveCost, BilledCost, 0)) AS allocated, count(*) AS n FROM cost_lines WHERE BillingCurrency = ?',
    [cur],
  );
  // Revenue straight from the ledger rows: billed items, without tax, totals and cash movements.
  const [rev] = await engine.query<{ revenue: string | null }>(
    `SELECT sum(amount) AS revenue FROM invoice_lines WHERE currency = ? AND coalesce(kind, 'fee') NOT IN ('tax', 'invoice_total', 'payment', 'refund')`,
    [cur],
  );
  const [usage] = await engine.query<{ n: number; un: number }>(
    "SELECT count(*) AS n, count(*) FILTER (WHERE coalesce(customer_id, '') = '') AS un FROM usage_events",
  );
  // The demo data set is ours: every file of it must load in the app (CSP, JSON, Parquet paths).
  await gotoScreen(page, 'data');
  const cards = await page.$$eval('[data-testid="load-errors"] .card', (c) => c.map((x) => x.getAttribute('data-file') + ': ' + x.textContent));
  const demo = new Set(samples.filter((f) => f.includes('/samples/demo/')).map((f) => basename(f)));
  const demoFailures = cards.filter((c) => demo.has(c.split(':')[0]));
  expect(demoFailures, 'demo samples failed to load in the app').toEqual([]);
  await gotoScreen(page, 'overview');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  expect(await page.inputValue('select[aria-label="Currency"]'), 'selected currency').toBe(cur);
  const tile = (id: string) => page.textContent(`[data-testid="kpi-${id}"]`);
  expect(await tile('provider-cost'), 'provider cost tile').toBe(moneyText(cost.billed, cur) + cur);
  expect(await tile('effective-cost'), 'effective cost tile').toBe(moneyText(cost.effective, cur) + cur);
  if (rev.revenue !== null) {
    expect(await tile('revenue'), 'revenue tile').toBe(moneyText(rev.revenue, cur) + cur);
    const exp = (s: string) => toMinorUnits(s, cur);
    // Margin = revenue − all provider cost in the currency, each summed exactly and rounded once.
    const revenue = exp(rev.revenue);
    const marginSum = revenue - exp(cost.allocated);
    expect(await tile('margin-pct'), 'margin % tile').toBe(percentText(marginSum, revenue));
    const marginNote = await page.textContent('[data-kpi="margin-pct"] .note');
    expect(marginNote ?? '', `margin note shows ${minorText(marginSum, cur)}`).toContain(moneyText(minorText(marginSum, cur), cur));
    const recon = run.recon.rows.filter((r) => r.currency === cur);
    const delta = recon.reduce((a, r) => a + exp(r.amount_delta), 0n);
    if (recon.length) expect(await tile('recon-delta'), 'reconciliation delta tile').toBe(moneyText(minorText(delta, cur), cur) + cur);
  }
  if (usage.n > 0) expect(await tile('unattributed'), 'unattributed usage tile').toBe(percentText(BigInt(usage.un), BigInt(usage.n)));
  const files = Number(await page.getAttribute('.app', 'data-files'));
  const errors = Number(await page.getAttribute('.app', 'data-errors'));
  const configs = samples.filter((f) => isConfigFile(basename(f))).length;
  expect(files + errors, 'every bundled data sample was handled').toBe(samples.length - configs);
  expect(files, 'the app loaded the same files as the Node engine').toBe(run.loaded.length);
});

test('drill from a service to the cost lines behind it, with source file and row', async ({ app: page }) => {
  const engine = await samplesEngine(repo);
  const cur = await defaultCurrency(engine);
  const [top] = await engine.query<{ svc: string; n: number; billed: string }>(
    `SELECT ServiceName AS svc, count(*) AS n, sum(BilledCost) AS billed FROM cost_lines WHERE BillingCurrency = ?
     GROUP BY ServiceName, ProviderName ORDER BY sum(BilledCost) DESC LIMIT 1`,
    [cur],
  );
  await gotoScreen(page, 'cost');
  const rows = await gridRows(page, 'cost-grid');
  const headers = await gridHeaders(page, 'cost-grid');
  expect(rows[0][headers.indexOf('Service')], 'top service by billed cost').toBe(top.svc);
  expect(rows[0][headers.indexOf('Billed cost')], 'its billed cost').toBe(moneyText(top.billed, cur));
  // Keyboard: focus the grid, Enter on the first row drills down.
  await page.focus('[data-testid="cost-grid"] [role="grid"]');
  await page.keyboard.press('Enter');
  const src = await gridRows(page, 'source-rows-cost_lines');
  const foot = await page.textContent('[data-testid="source-rows-cost_lines"] .grid-foot');
  expect(foot?.startsWith(`${top.n.toLocaleString('en-US')} row`), `source row count: expected ${top.n}, footer says "${foot}"`).toBe(true);
  const h = await gridHeaders(page, 'source-rows-cost_lines');
  const first = src[0];
  const fileName = first[h.indexOf('Source file')];
  const rowNo = Number(first[h.indexOf('Data row')].replace(/,/g, ''));
  const [check] = await engine.query<{ svc: string }>('SELECT ServiceName AS svc FROM cost_lines WHERE source_file = ? AND source_row = ?', [
    fileName,
    rowNo,
  ]);
  expect(check?.svc, `row ${rowNo} of ${fileName} belongs to the service`).toBe(top.svc);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="cost-grid"]');
});

test('a bad file shows an error card naming row and column while loaded data stays', async ({ app: page }) => {
  const engine = await samplesEngine(repo);
  const cur = await defaultCurrency(engine);
  const [cost] = await engine.query<{ billed: string }>('SELECT sum(BilledCost) AS billed FROM cost_lines WHERE BillingCurrency = ?', [cur]);
  // A real FOCUS header with a corrupted BilledCost in the second data row.
  const focus = sampleFiles(repo).find((f) => /BilledCost/.test(readFileSync(f, 'utf8').split('\n', 1)[0]));
  expect(focus, 'a FOCUS-style sample to derive the bad file from').toBeDefined();
  const all = readFileSync(focus!, 'utf8').split(/\r?\n/);
  const header = parseCsv(all[0])[0];
  const col = header.indexOf('BilledCost');
  const rows = all.slice(1, 3).map((line) => parseCsv(line)[0]);
  expect(
    rows.every((r) => r.length === header.length),
    'two single-line CSV rows to build the bad file from',
  ).toBe(true);
  rows[1][col] = 'twelve dollars'; // the second data row gets a BilledCost that is not a number
  const lines = [all[0], ...rows.map((r) => r.map(csvCell).join(','))];
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  const bad = join(repo, 'test-results', 'bad-cost.csv');
  writeFileSync(bad, lines.join('\n') + '\n');

  const filesBefore = await page.getAttribute('.app', 'data-files');
  await gotoScreen(page, 'data');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await chooser.setFiles(bad);
  const card = await page.waitForSelector('[data-testid="load-errors"] .card.error[data-file="bad-cost.csv"]', { timeout: 30_000 });
  const text = (await card.textContent()) ?? '';
  expect(/row 2/i.test(text) && text.includes('BilledCost'), `error names row 2 and BilledCost: "${text}"`).toBe(true);
  expect(text, 'no stack trace in the card').not.toMatch(/\bat \w+ \(|Error:\s+at/);
  await page.waitForSelector('.app[data-busy="false"]');
  expect(await page.getAttribute('.app', 'data-files'), 'loaded files unchanged').toBe(filesBefore);
  await gotoScreen(page, 'overview');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  expect(await page.textContent('[data-testid="kpi-provider-cost"]'), 'provider cost unchanged').toBe(moneyText(cost.billed, cur) + cur);
  await page.screenshot({ path: join(repo, 'test-results/screens/data-error-light.png') });
});

test('SQL console runs a read-only query into the grid and refuses changes', async ({ app: page }) => {
  const engine = await samplesEngine(repo);
  const [exp] = await engine.query<{ n: number; s: string }>('SELECT count(*) AS n, sum(BilledCost) AS s FROM cost_lines');
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', 'SELECT count(*) AS n, sum(BilledCost) AS s FROM cost_lines');
  await page.click('[data-testid="sql-run"]');
  const rows = await gridRows(page, 'sql-grid');
  expect(rows[0][0], 'row count').toBe(exp.n.toLocaleString('en-US'));
  // DECIMAL(38,18) sum shown exactly (every significant decimal, trailing zeros dropped), grouped.
  const [i, f] = exp.s.split('.');
  expect(rows[0][1], 'exact sum').toBe(Number(i).toLocaleString('en-US') + '.' + f.replace(/0+$/, ''));
  await page.fill('#sql-text', 'DROP TABLE cost_lines');
  await page.click('[data-testid="sql-run"]');
  await page.waitForSelector('[data-testid="sql-message"]:has-text("read-only")');
  await page.fill('#sql-text', 'SELECT count(*) AS n FROM cost_lines');
  await page.click('[data-testid="sql-run"]');
  const after = await gridRows(page, 'sql-grid');
  expect(after[0][0], 'table still there').toBe(exp.n.toLocaleString('en-US'));
});

test('the grid pages a 1M-row result from DuckDB and reaches the last row by keyboard', async ({ app: page }) => {
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', 'SELECT range AS i, range * 2 AS twice FROM range(1000000)');
  await page.click('[data-testid="sql-run"]');
  await gridRows(page, 'sql-grid');
  const foot = await page.textContent('[data-testid="sql-grid"] .grid-foot');
  expect(foot ?? '', 'footer').toMatch(/^1,000,000 rows/);
  const rendered = await page.$$eval('[data-testid="sql-grid"] .grid-body [role="row"]', (r) => r.length);
  expect(rendered, 'virtualized: rows in the DOM').toBeLessThan(100);
  await page.focus('[data-testid="sql-grid"] [role="grid"]');
  await page.keyboard.press('Control+End');
  await page.waitForFunction(
    () => {
      const cells = Array.from(document.querySelectorAll('[data-testid="sql-grid"] [role="gridcell"]'));
      return cells.some((c) => c.textContent === '999,999');
    },
    null,
    { timeout: 20_000 },
  );
  const foot2 = await page.textContent('[data-testid="sql-grid"] .grid-foot');
  expect(foot2 ?? '', 'active row is the last').toContain('row 1,000,000');
});

function minorText(minor: bigint, cur: string): string {
  const e = currencyExponent(cur);
  const neg = minor < 0n;
  const d = (neg ? -minor : minor).toString().padStart(e + 1, '0');
  return (neg ? '-' : '') + (e ? `${d.slice(0, -e)}.${d.slice(-e)}` : d);
}

test('a long load shows its progress and Cancel leaves the data as it was', async ({ app: page }) => {
  const file = writeBigCostCsv(repo);
  const files = await page.getAttribute('.app', 'data-files');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  const tile = await page.textContent('[data-testid="kpi-provider-cost"]');
  await gotoScreen(page, 'data');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await chooser.setFiles(file);
  await page.waitForSelector('[data-testid="load-progress"] [role="progressbar"]');
  expect((await page.textContent('[data-testid="load-progress"]')) ?? '', 'progress names the file').toContain('big-cost.csv');
  await page.click('[data-testid="cancel-load"]');
  await page.waitForSelector('.card[data-file="big-cost.csv"]', { timeout: 30_000 });
  const card = (await page.textContent('.card[data-file="big-cost.csv"]')) ?? '';
  expect(card, 'the card says it was cancelled').toMatch(/cancel/i);
  await page.waitForSelector('.app[data-busy="false"][data-analysis="done"]', { timeout: 60_000 });
  expect(await page.getAttribute('.app', 'data-files'), 'no file added').toBe(files);
  await gotoScreen(page, 'overview');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  expect(await page.textContent('[data-testid="kpi-provider-cost"]'), 'figures unchanged').toBe(tile);
  await gotoScreen(page, 'data');
  await page.click('.card[data-file="big-cost.csv"] button:has-text("Dismiss")');
});
