/** The workbench against the bundled samples: figures, drill-down, bad files, SQL, 1M-row grid. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, assertEqual, test } from './harness';
import { defaultCurrency, moneyText, percentText, sampleFiles, samplesEngine, samplesRun } from './expected';
import { isConfigFile } from '../../renderer/features/data/sample-filter';
import { currencyExponent, toMinorUnits } from '../../src/model/money';
import { gotoScreen, gridHeaders, gridRows, sharedApp } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('bundled samples open and the KPI tiles show the figures computed independently', async ({ browser, baseUrl }) => {
  const samples = sampleFiles(repo);
  assert(samples.length > 0, 'no bundled samples under samples/');
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
  const page = await sharedApp(browser, baseUrl);
  // The demo data set is ours: every file of it must load in the app (CSP, JSON, Parquet paths).
  await gotoScreen(page, 'data');
  const cards = await page.$$eval('[data-testid="load-errors"] .card', (c) => c.map((x) => x.getAttribute('data-file') + ': ' + x.textContent));
  const demo = new Set(samples.filter((f) => f.includes('/samples/demo/')).map((f) => basename(f)));
  const demoFailures = cards.filter((c) => demo.has(c.split(':')[0]));
  assert(demoFailures.length === 0, `demo samples failed to load in the app: ${demoFailures.join(' | ')}`);
  await gotoScreen(page, 'overview');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  assertEqual(await page.inputValue('select[aria-label="Currency"]'), cur, 'selected currency');
  const tile = (id: string) => page.textContent(`[data-testid="kpi-${id}"]`);
  assertEqual(await tile('provider-cost'), moneyText(cost.billed, cur) + cur, 'provider cost tile');
  assertEqual(await tile('effective-cost'), moneyText(cost.effective, cur) + cur, 'effective cost tile');
  if (rev.revenue !== null) {
    assertEqual(await tile('revenue'), moneyText(rev.revenue, cur) + cur, 'revenue tile');
    const exp = (s: string) => toMinorUnits(s, cur);
    // Margin = revenue − all provider cost in the currency, each summed exactly and rounded once.
    const revenue = exp(rev.revenue);
    const marginSum = revenue - exp(cost.allocated);
    assertEqual(await tile('margin-pct'), percentText(marginSum, revenue), 'margin % tile');
    const marginNote = await page.textContent('[data-kpi="margin-pct"] .note');
    assert(!!marginNote && marginNote.includes(moneyText(minorText(marginSum, cur), cur)), `margin note ${marginNote} shows ${minorText(marginSum, cur)}`);
    const recon = run.recon.rows.filter((r) => r.currency === cur);
    const delta = recon.reduce((a, r) => a + exp(r.amount_delta), 0n);
    if (recon.length) assertEqual(await tile('recon-delta'), moneyText(minorText(delta, cur), cur) + cur, 'reconciliation delta tile');
  }
  if (usage.n > 0) assertEqual(await tile('unattributed'), percentText(BigInt(usage.un), BigInt(usage.n)), 'unattributed usage tile');
  const files = Number(await page.getAttribute('.app', 'data-files'));
  const errors = Number(await page.getAttribute('.app', 'data-errors'));
  const configs = samples.filter((f) => isConfigFile(basename(f))).length;
  assertEqual(files + errors, samples.length - configs, 'every bundled data sample was handled');
  assertEqual(files, run.loaded.length, 'the app loaded the same files as the Node engine');
});

test('drill from a service to the cost lines behind it, with source file and row', async ({ browser, baseUrl }) => {
  const engine = await samplesEngine(repo);
  const cur = await defaultCurrency(engine);
  const [top] = await engine.query<{ svc: string; n: number; billed: string }>(
    `SELECT ServiceName AS svc, count(*) AS n, sum(BilledCost) AS billed FROM cost_lines WHERE BillingCurrency = ?
     GROUP BY ServiceName, ProviderName ORDER BY sum(BilledCost) DESC LIMIT 1`,
    [cur],
  );
  const page = await sharedApp(browser, baseUrl);
  await gotoScreen(page, 'cost');
  const rows = await gridRows(page, 'cost-grid');
  const headers = await gridHeaders(page, 'cost-grid');
  assertEqual(rows[0][headers.indexOf('Service')], top.svc, 'top service by billed cost');
  assertEqual(rows[0][headers.indexOf('Billed cost')], moneyText(top.billed, cur), 'its billed cost');
  // Keyboard: focus the grid, Enter on the first row drills down.
  await page.focus('[data-testid="cost-grid"] [role="grid"]');
  await page.keyboard.press('Enter');
  const src = await gridRows(page, 'source-rows-cost_lines');
  const foot = await page.textContent('[data-testid="source-rows-cost_lines"] .grid-foot');
  assert(foot?.startsWith(`${top.n.toLocaleString('en-US')} row`), `source row count: expected ${top.n}, footer says "${foot}"`);
  const h = await gridHeaders(page, 'source-rows-cost_lines');
  const first = src[0];
  const fileName = first[h.indexOf('Source file')];
  const rowNo = Number(first[h.indexOf('Row')].replace(/,/g, ''));
  const [check] = await engine.query<{ svc: string }>(
    'SELECT ServiceName AS svc FROM cost_lines WHERE source_file = ? AND source_row = ?',
    [fileName, rowNo],
  );
  assertEqual(check?.svc, top.svc, `row ${rowNo} of ${fileName} belongs to the service`);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="cost-grid"]');
});

test('a bad file shows an error card naming row and column while loaded data stays', async ({ browser, baseUrl }) => {
  const engine = await samplesEngine(repo);
  const cur = await defaultCurrency(engine);
  const [cost] = await engine.query<{ billed: string }>('SELECT sum(BilledCost) AS billed FROM cost_lines WHERE BillingCurrency = ?', [cur]);
  // A real FOCUS header with a corrupted BilledCost in the second data row.
  const focus = sampleFiles(repo).find((f) => /BilledCost/.test(readFileSync(f, 'utf8').split('\n', 1)[0]));
  assert(focus, 'a FOCUS-style sample to derive the bad file from');
  const all = readFileSync(focus, 'utf8').split(/\r?\n/);
  const header = splitCsvLine(all[0]);
  const col = header.indexOf('BilledCost');
  const rows = all.slice(1, 3).map(splitCsvLine);
  assert(rows.every((r) => r.length === header.length), 'two single-line CSV rows to build the bad file from');
  rows[1][col] = 'twelve dollars'; // the second data row gets a BilledCost that is not a number
  const lines = [all[0], ...rows.map((r) => r.map(quoteCsv).join(','))];
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  const bad = join(repo, 'test-results', 'bad-cost.csv');
  writeFileSync(bad, lines.join('\n') + '\n');

  const page = await sharedApp(browser, baseUrl);
  const filesBefore = await page.getAttribute('.app', 'data-files');
  await gotoScreen(page, 'data');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await chooser.setFiles(bad);
  const card = await page.waitForSelector('[data-testid="load-errors"] .card.error[data-file="bad-cost.csv"]', { timeout: 30_000 });
  const text = (await card.textContent()) ?? '';
  assert(/row 2/i.test(text) && text.includes('BilledCost'), `error names row 2 and BilledCost: "${text}"`);
  assert(!/\bat \w+ \(|Error:\s+at/.test(text), 'no stack trace in the card');
  await page.waitForSelector('.app[data-busy="false"]');
  assertEqual(await page.getAttribute('.app', 'data-files'), filesBefore, 'loaded files unchanged');
  await gotoScreen(page, 'overview');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  assertEqual(await page.textContent('[data-testid="kpi-provider-cost"]'), moneyText(cost.billed, cur) + cur, 'provider cost unchanged');
  await page.screenshot({ path: join(repo, 'test-results/screens/data-error-light.png') });
});

test('SQL console runs a read-only query into the grid and refuses changes', async ({ browser, baseUrl }) => {
  const engine = await samplesEngine(repo);
  const [exp] = await engine.query<{ n: number; s: string }>('SELECT count(*) AS n, sum(BilledCost) AS s FROM cost_lines');
  const page = await sharedApp(browser, baseUrl);
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', 'SELECT count(*) AS n, sum(BilledCost) AS s FROM cost_lines');
  await page.click('[data-testid="sql-run"]');
  const rows = await gridRows(page, 'sql-grid');
  assertEqual(rows[0][0], exp.n.toLocaleString('en-US'), 'row count');
  // DECIMAL(38,18) sum shown exactly at its scale, grouped.
  const [i, f] = exp.s.split('.');
  assertEqual(rows[0][1], Number(i).toLocaleString('en-US') + '.' + f, 'exact sum');
  await page.fill('#sql-text', 'DROP TABLE cost_lines');
  await page.click('[data-testid="sql-run"]');
  await page.waitForSelector('[data-testid="sql-grid"] .error-text');
  await page.fill('#sql-text', 'SELECT count(*) AS n FROM cost_lines');
  await page.click('[data-testid="sql-run"]');
  const after = await gridRows(page, 'sql-grid');
  assertEqual(after[0][0], exp.n.toLocaleString('en-US'), 'table still there');
});

test('the grid pages a 1M-row result from DuckDB and reaches the last row by keyboard', async ({ browser, baseUrl }) => {
  const page = await sharedApp(browser, baseUrl);
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', 'SELECT range AS i, range * 2 AS twice FROM range(1000000)');
  await page.click('[data-testid="sql-run"]');
  await gridRows(page, 'sql-grid');
  const foot = await page.textContent('[data-testid="sql-grid"] .grid-foot');
  assert(foot?.startsWith('1,000,000 rows'), `footer: ${foot}`);
  const rendered = await page.$$eval('[data-testid="sql-grid"] .grid-body [role="row"]', (r) => r.length);
  assert(rendered < 100, `virtualized: ${rendered} rows in the DOM`);
  await page.focus('[data-testid="sql-grid"] [role="grid"]');
  await page.keyboard.press('Control+End');
  await page.waitForFunction(() => {
    const cells = Array.from(document.querySelectorAll('[data-testid="sql-grid"] [role="gridcell"]'));
    return cells.some((c) => c.textContent === '999,999');
  }, null, { timeout: 20_000 });
  const foot2 = await page.textContent('[data-testid="sql-grid"] .grid-foot');
  assert(foot2?.includes('row 1,000,000'), `active row is the last: ${foot2}`);
});

/** RFC 4180 fields of one line (no embedded newlines). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

function quoteCsv(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function minorText(minor: bigint, cur: string): string {
  const e = currencyExponent(cur);
  const neg = minor < 0n;
  const d = (neg ? -minor : minor).toString().padStart(e + 1, '0');
  return (neg ? '-' : '') + (e ? `${d.slice(0, -e)}.${d.slice(-e)}` : d);
}

test('a long load shows its progress and Cancel leaves the data as it was', async ({ browser, baseUrl }) => {
  const file = join(repo, 'test-results', 'big-cost.csv');
  const lines = ['BillingAccountId,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost,ServiceName'];
  for (let i = 0; i < 300_000; i++) lines.push(`1,USD,2024-03-01T00:00:00Z,2024-03-02T00:00:00Z,Usage,0.${String(i % 100).padStart(2, '0')},0.01,S${i % 9}`);
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
  const page = await sharedApp(browser, baseUrl);
  const files = await page.getAttribute('.app', 'data-files');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  const tile = await page.textContent('[data-testid="kpi-provider-cost"]');
  await gotoScreen(page, 'data');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await chooser.setFiles(file);
  await page.waitForSelector('[data-testid="load-progress"] [role="progressbar"]');
  assert(((await page.textContent('[data-testid="load-progress"]')) ?? '').includes('big-cost.csv'), 'progress names the file');
  await page.click('[data-testid="cancel-load"]');
  await page.waitForSelector('.card[data-file="big-cost.csv"]', { timeout: 30_000 });
  const card = (await page.textContent('.card[data-file="big-cost.csv"]')) ?? '';
  assert(/cancel/i.test(card), `the card says it was cancelled: ${card}`);
  await page.waitForSelector('.app[data-busy="false"][data-analysis="done"]', { timeout: 60_000 });
  assertEqual(await page.getAttribute('.app', 'data-files'), files, 'no file added');
  await gotoScreen(page, 'overview');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  assertEqual(await page.textContent('[data-testid="kpi-provider-cost"]'), tile, 'figures unchanged');
  await gotoScreen(page, 'data');
  await page.click('.card[data-file="big-cost.csv"] button:has-text("Dismiss")');
});
