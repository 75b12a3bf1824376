/**
 * Numbers out of every grid and key columns in view: pinned key columns at 1280×720 (also after
 * a sideways scroll), the column chooser remembered across a reload, resizing by keyboard, a
 * selection copied as TSV, CSV and XLSX exports of a sorted, filtered grid longer than a page
 * (every row, in the grid's order), and the totals row per currency against the Node engine.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gotoScreen, gridHeaders, gridRows, sortGrid, waitSettled } from './app-helpers';
import { defaultCurrency, moneyText, samplesRun } from './expected';
import { parseCsv } from '../../src/model/csv';
import { sumDecimals } from '../../src/model/money';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Whether the header `label` of grid `testId` is fully inside the grid's view and not covered by another cell. */
async function headerInView(page: Page, testId: string, label: string): Promise<string | null> {
  return page.evaluate(
    ([id, name]) => {
      const grid = document.querySelector<HTMLElement>(`[data-testid="${id}"] [role="grid"]`)!;
      const head = Array.from(grid.querySelectorAll<HTMLElement>('[role="columnheader"]')).find(
        (h) => (h.textContent ?? '').replace(/[▲▼]/g, '').trim() === name,
      );
      if (!head) return `no "${name}" column`;
      const g = grid.getBoundingClientRect();
      const r = head.getBoundingClientRect();
      if (r.left < g.left - 1 || r.right > g.left + grid.clientWidth + 1)
        return `"${name}" at ${r.left}–${r.right}, view ${g.left}–${g.left + grid.clientWidth}`;
      if (r.right > window.innerWidth) return `"${name}" beyond the window (${r.right} > ${window.innerWidth})`;
      const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
      return hit && head.contains(hit) ? null : `"${name}" is covered by ${hit?.textContent ?? 'nothing'}`;
    },
    [testId, label] as const,
  );
}

/** `atRest` in view before any sideways scroll; `pinned` in view wherever the grid is scrolled. */
async function expectKeysInView(page: Page, testId: string, pinned: string[], atRest: string[] = []): Promise<void> {
  await page.waitForSelector(`[data-testid="${testId}"] [role="grid"][aria-busy="false"]`);
  for (const scroll of [0, 400, 100_000]) {
    await page.$eval(`[data-testid="${testId}"] [role="grid"]`, (g, x) => (g.scrollLeft = x), scroll);
    for (const l of scroll === 0 ? [...pinned, ...atRest] : pinned)
      expect(await headerInView(page, testId, l), `${testId} scrolled to ${scroll}: ${l}`).toBeNull();
  }
  await page.$eval(`[data-testid="${testId}"] [role="grid"]`, (g) => (g.scrollLeft = 0));
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  test(`key columns stay in view at ${size.width}×${size.height} on every grid, also scrolled sideways`, async ({ app: page }) => {
    await page.setViewportSize(size);
    try {
      await gotoScreen(page, 'reconciliation');
      await expectKeysInView(page, 'recon-grid', ['Customer', 'Billed', 'Delta (billed − expected)'], ['Status']);
      await gotoScreen(page, 'margin');
      await expectKeysInView(page, 'margin-grid', ['SKU'], ['Revenue', 'Cost', 'Margin', 'Margin %']);
      await gotoScreen(page, 'anomalies');
      await expectKeysInView(page, 'anomaly-grid', ['Series', 'Impact', 'Score']);
      await gotoScreen(page, 'cost');
      await expectKeysInView(page, 'cost-grid', ['Service'], ['Billed cost']);
      await page.focus('[data-testid="cost-grid"] [role="grid"]');
      await page.keyboard.press('Enter');
      await expectKeysInView(page, 'source-rows-cost_lines', ['Source file', 'Billed cost', 'Effective cost', 'Currency']);
      await page.keyboard.press('Escape');
      await gotoScreen(page, 'sql');
      await page.fill('#sql-text', 'SELECT * FROM cost_lines');
      await page.click('[data-testid="sql-run"]');
      await page.waitForSelector('[data-testid="sql-grid"] [role="grid"][aria-busy="false"]');
      await expectKeysInView(page, 'sql-grid', [(await gridHeaders(page, 'sql-grid'))[0]]);
      const tables = await page.$eval('aside[aria-label="Tables"]', (t) => [t.scrollWidth, t.clientWidth]);
      expect(tables[0], 'the table list fits its panel').toBeLessThanOrEqual(tables[1]);
      await gotoScreen(page, 'proposals');
      const edit = page.locator('[data-testid="review-queue"] button[aria-label^="Edit "]').first();
      await page.$eval('[data-testid="review-queue"]', (t) => (t.parentElement!.scrollLeft = 0));
      const box = (await edit.boundingBox())!;
      expect(box.x + box.width, 'the Edit button inside the window').toBeLessThanOrEqual(size.width);
      const hit = await edit.evaluate((b) => {
        const r = b.getBoundingClientRect();
        return b.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
      });
      expect(hit, 'the Edit button is not covered').toBe(true);
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
}

test('resizing a column by keyboard; hidden columns are remembered across a reload', async ({ app: page }) => {
  await gotoScreen(page, 'margin');
  await page.waitForSelector('[data-testid="margin-grid"] [role="grid"][aria-busy="false"]');
  const handle = page.locator('[data-testid="margin-grid"] [role="separator"][aria-label="Width of SKU"]');
  const head = page.locator('[data-testid="margin-grid"] [role="columnheader"]').first();
  const w0 = Number(await handle.getAttribute('aria-valuenow'));
  const box0 = (await head.boundingBox())!;
  await handle.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(handle).toHaveAttribute('aria-valuenow', String(w0 + 30));
  expect(Math.round((await head.boundingBox())!.width), 'header cell wider').toBe(Math.round(box0.width) + 30);
  const cell = page.locator('[data-testid="margin-grid"] .grid-body [role="row"]').first().locator('[role="gridcell"]').first();
  expect(Math.round((await cell.boundingBox())!.width), 'body cells follow').toBe(Math.round(box0.width) + 30);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuenow', String(w0 - 20));
  // The arrows resized the column and did not move the grid's active cell.
  expect(await page.textContent('[data-testid="margin-grid"] .grid-foot')).toContain('row 1');

  await page.click('[data-testid="margin-grid"] .grid-menu summary');
  await page.locator('[data-testid="margin-grid"] .grid-menu-panel label', { hasText: 'Flag' }).locator('input').uncheck();
  expect(await gridHeaders(page, 'margin-grid')).not.toContain('Flag');
  await page.reload();
  await waitSettled(page);
  await gotoScreen(page, 'margin');
  await page.waitForSelector('[data-testid="margin-grid"] [role="grid"][aria-busy="false"]');
  const after = await gridHeaders(page, 'margin-grid');
  expect(after, 'Flag stays hidden after a reload').not.toContain('Flag');
  expect(after).toContain('Margin');
  await expect(handle, 'the width is remembered too').toHaveAttribute('aria-valuenow', String(w0 - 20));
  await page.click('[data-testid="margin-grid"] .grid-menu summary');
  await page.click('[data-testid="margin-grid"] .grid-menu-panel button:has-text("Reset columns")');
  expect(await gridHeaders(page, 'margin-grid')).toContain('Flag');
  await expect(handle).toHaveAttribute('aria-valuenow', String(w0));
});

const SQL = 'SELECT i, (i*7919)%1000 AS v, CAST(i * 0.125 AS DECIMAL(18,3)) AS d FROM range(5000) t(i) WHERE i % 3 <> 0';
/** The query's rows as the grid orders them by v descending: ties broken on every column, i ascending. */
const expectedRows = () =>
  Array.from({ length: 5000 }, (_, i) => i)
    .filter((i) => i % 3 !== 0)
    .map((i) => ({ i, v: (i * 7919) % 1000, d: (i / 8).toFixed(3) }))
    .sort((a, b) => b.v - a.v || a.i - b.i);

async function sqlGridSortedByV(page: Page): Promise<void> {
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', SQL);
  await page.click('[data-testid="sql-run"]');
  await gridRows(page, 'sql-grid');
  await sortGrid(page, 'sql-grid', 'v', 'descending');
  await gridRows(page, 'sql-grid');
}

test('a selection copies as TSV, from the keyboard and past the fetched pages', async ({ app: page, baseURL }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  await sqlGridSortedByV(page);
  const want = expectedRows();
  const cells = page.locator('[data-testid="sql-grid"] .grid-body [role="row"][aria-rowindex="3"] [role="gridcell"]');
  await cells.nth(1).click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('grid-note')).toContainText('Copied 3 rows × 2 columns');
  const tsv = await page.evaluate(() => navigator.clipboard.readText());
  expect(tsv).toBe(
    want
      .slice(1, 4)
      .map((r) => `${r.v}\t${r.d}\r\n`)
      .join(''),
  );
  // Shift+click extends the block; whole rows copy with their header line.
  await page.locator('[data-testid="sql-grid"] .grid-body [role="row"][aria-rowindex="2"] [role="gridcell"]').first().click();
  await page
    .locator('[data-testid="sql-grid"] .grid-body [role="row"][aria-rowindex="3"] [role="gridcell"]')
    .nth(2)
    .click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('grid-note')).toContainText('Copied 2 rows × 3 columns');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    ['i\tv\td', ...want.slice(0, 2).map((r) => `${r.i}\t${r.v}\t${r.d}`)].join('\r\n') + '\r\n',
  );
  // Every row, most of them never fetched by the grid.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('grid-note')).toContainText(`Copied ${want.length.toLocaleString('en-US')} rows × 3 columns`);
  const all = (await page.evaluate(() => navigator.clipboard.readText())).trimEnd().split('\r\n');
  expect(all.length).toBe(want.length + 1);
  expect(all.slice(1)).toEqual(want.map((r) => `${r.i}\t${r.v}\t${r.d}`));
});

test('CSV and XLSX exports hold every row of a sorted, filtered grid in its order', async ({ app: page }) => {
  await sqlGridSortedByV(page);
  const want = expectedRows();
  expect(want.length, 'longer than one fetched page').toBeGreaterThan(200);
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="sql-grid"] .grid-foot button:has-text("CSV")')]);
  const csv = parseCsv(readFileSync((await csvDl.path())!, 'utf8'));
  expect(csv[0]).toEqual(['i', 'v', 'd']);
  expect(csv.slice(1)).toEqual(want.map((r) => [String(r.i), String(r.v), r.d]));
  await expect(page.getByTestId('grid-note')).toContainText(`Exported ${want.length.toLocaleString('en-US')} rows`);

  const [xlsxDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="sql-grid"] .grid-foot button:has-text("XLSX")')]);
  expect(xlsxDl.suggestedFilename()).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await xlsxDl.path())!) as unknown as ExcelJS.Buffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  expect(rows[0]).toEqual(['i', 'v', 'd']);
  expect(rows.slice(1)).toEqual(want.map((r) => [r.i, r.v, Number(r.d)]));
});

test('the totals row sums each currency exactly, also under a filter', async ({ app: page }) => {
  const run = await samplesRun(repo);
  const cur = await defaultCurrency(run.engine);
  await gotoScreen(page, 'reconciliation');
  const check = async (status: string) => {
    const rows = run.recon.rows.filter((r) => r.currency === cur && (!status || r.status === status));
    await gridRows(page, 'recon-grid');
    const totals = page.locator('[data-testid="recon-grid-totals"] [role="row"]');
    await expect(totals, 'one totals row: one currency shown').toHaveCount(1);
    await expect(totals.first()).toHaveAttribute('data-currency', cur);
    for (const [key, field] of [
      ['expected_amount', 'expected_amount'],
      ['billed_amount', 'billed_amount'],
      ['amount_delta', 'amount_delta'],
    ] as const) {
      const sum = sumDecimals(
        rows.map((r) => r[field]).filter((v): v is string => typeof v === 'string' && v !== ''),
        18,
      );
      const cell = totals.first().locator(`[data-key="${key}"]`);
      await expect(cell, `${status || 'all'} ${key} total`).toHaveText(moneyText(sum, cur));
      expect((await cell.getAttribute('title'))?.split(' ')[0], `${key} exact`).toBe(sum);
    }
  };
  await check('');
  await page.selectOption('select[aria-label="Status filter"]', 'underbilled');
  await check('underbilled');
  await page.selectOption('select[aria-label="Status filter"]', '');
});

// The several-currency case itself (one row each, never one sum across them) is held in Node by
// test/unit/queries/grid-output.test.ts; the year demo's findings are all in USD.
test('the anomaly grid gets one totals row per currency on screen, each the exact sum of its impacts', async ({ app: page }) => {
  await gotoScreen(page, 'anomalies');
  await gridRows(page, 'anomaly-grid');
  // Every impact with its currency, exact, from the cells the grid shows (their titles hold the engine's text).
  const col = (await gridHeaders(page, 'anomaly-grid')).indexOf('Impact');
  const impacts = await page.$$eval(
    '[data-testid="anomaly-grid"] .grid-body [role="row"]',
    (rows, i) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[i].getAttribute('title')),
    col,
  );
  expect(impacts.length, 'all findings on screen').toBe(
    Number(await page.getAttribute('[data-testid="anomaly-grid"] [role="grid"]', 'aria-rowcount')) - 1,
  );
  const byCur = new Map<string, string[]>();
  for (const t of impacts) {
    const [v, cur] = (t ?? '').split(' ');
    if (cur) byCur.set(cur, [...(byCur.get(cur) ?? []), v]);
  }
  expect(byCur.size, 'the demo has anomalies with a currency').toBeGreaterThan(0);
  const totals = page.locator('[data-testid="anomaly-grid-totals"] [role="row"]');
  await expect(totals).toHaveCount(byCur.size);
  for (const [cur, values] of byCur) {
    const cell = page.locator(`[data-testid="anomaly-grid-totals"] [role="row"][data-currency="${cur}"] [data-key="impact"]`);
    const sum = sumDecimals(values, 18);
    await expect(cell, `${cur} impact total`).toHaveText(moneyText(sum, cur));
    expect((await cell.getAttribute('title'))?.split(' ')[0], `${cur} exact`).toBe(sum);
  }
});
