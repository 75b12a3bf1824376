/**
 * Display consistency an auditor relies on: file date ranges end on the last day they cover,
 * timestamps have one shape down a column, drill-downs say which row of the file a line is, and
 * margin percentages carry their `%`.
 */
import { test, expect } from './fixtures';
import { gotoScreen, gridHeaders, gridRows } from './app-helpers';

test('a cost file whose periods end 2025-01-01 (exclusive) covers 2024-01-01 – 2024-12-31', async ({ app: page }) => {
  await gotoScreen(page, 'data');
  const cells = await page.$$eval('[data-testid="loaded-files"] tr[data-file="cost_focus.csv"] td', (tds) => tds.map((t) => t.textContent ?? ''));
  expect(cells).toContain('2024-01-01 – 2024-12-31 UTC');
});

test('timestamps in one column have one shape, seconds included', async ({ app: page }) => {
  await gotoScreen(page, 'sql');
  await page.fill(
    '#sql-text',
    `SELECT ts FROM (VALUES (TIMESTAMP '2024-03-01 00:00:00'), (TIMESTAMP '2024-03-01 13:05:00'), (TIMESTAMP '2024-03-01 13:05:07')) t(ts) ORDER BY ts`,
  );
  await page.click('[data-testid="sql-run"]');
  expect((await gridRows(page, 'sql-grid')).map((r) => r[0])).toEqual(['2024-03-01 00:00:00', '2024-03-01 13:05:00', '2024-03-01 13:05:07']);
});

test('drill-downs label the file row as a data row; margin % carries its sign and %', async ({ app: page }) => {
  await gotoScreen(page, 'margin');
  const rows = await gridRows(page, 'margin-grid');
  const h = await gridHeaders(page, 'margin-grid');
  const pct = rows.map((r) => r[h.indexOf('Margin %')]);
  expect(pct.length).toBeGreaterThan(0);
  for (const p of pct) expect(p, 'a percentage or no revenue').toMatch(/^(−?[\d,]+\.\d{2}%|—)$/);
  expect(
    pct.some((p) => p.startsWith('−')),
    'the negative-margin SKU',
  ).toBe(true);

  await gotoScreen(page, 'cost');
  await gridRows(page, 'cost-grid'); // rows in before Enter drills the first one
  await page.focus('[data-testid="cost-grid"] [role="grid"]');
  await page.keyboard.press('Enter');
  await gridRows(page, 'source-rows-cost_lines');
  const sh = await gridHeaders(page, 'source-rows-cost_lines');
  expect(sh.slice(0, 2)).toEqual(['Source file', 'Data row']);
  await page.keyboard.press('Escape');
});
