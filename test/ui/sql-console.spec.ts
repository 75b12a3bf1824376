/**
 * The SQL console's answers read like the analyst's own query: an error quotes the typed text
 * (never the grid's wrapper, never twice), a change in read-only mode is refused by name, and
 * DECIMAL(38,18) results show the decimals their values need, the same down a column.
 */
import { test, expect } from './fixtures';
import { gotoScreen, gridRows } from './app-helpers';

async function run(page: import('@playwright/test').Page, sql: string): Promise<void> {
  await page.fill('#sql-text', sql);
  await page.click('[data-testid="sql-run"]');
}

const screenText = (page: import('@playwright/test').Page) => page.textContent('[data-testid="screen-sql"]').then((t) => t ?? '');

test('a typo is reported once, about the typed text', async ({ app: page }) => {
  await gotoScreen(page, 'sql');
  await run(page, 'SELEC ServiceName FROM cost_lines');
  await page.waitForSelector('[role="alert"]');
  const text = await screenText(page);
  expect(text.match(/Parser Error/g) ?? [], 'one error').toHaveLength(1);
  expect(text).not.toMatch(/grid_[a-z]|DESCRIBE SELECT|LINE 1/);
  expect(text).toContain('line 1, column 19');
});

test('a DELETE in read-only mode says the console is read-only', async ({ app: page }) => {
  await gotoScreen(page, 'sql');
  await run(page, 'DELETE FROM cost_lines');
  const alert = await page.waitForSelector('[role="alert"]');
  expect(await alert.textContent()).toBe('The console is read-only: DELETE is not a query. Tick “Allow changes” to run statements that change data.');
  expect(await screenText(page)).not.toMatch(/Parser Error/);
});

test('DECIMAL(38,18) results show their significant decimals, consistently down a column', async ({ app: page }) => {
  await gotoScreen(page, 'sql');
  await run(page, 'SELECT x, x::DECIMAL(38,18) AS d FROM (VALUES (1.5), (2), (-0.25)) t(x) ORDER BY x');
  const rows = await gridRows(page, 'sql-grid');
  expect(rows.map((r) => r[1])).toEqual(['(0.25)', '1.50', '2.00']);
  await run(page, 'SELECT BillingCurrency, sum(BilledCost) AS billed FROM cost_lines GROUP BY ALL');
  const [sum] = await gridRows(page, 'sql-grid');
  const decimals = sum[1].split('.')[1] ?? '';
  expect(decimals.length, `${sum[1]}: fewer than 18 decimals`).toBeLessThan(18);
  expect(decimals.endsWith('0'), `${sum[1]}: no trailing zero`).toBe(false);
});
