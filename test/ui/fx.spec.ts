/**
 * Reporting currency end to end in the app: the demo company's March plus a customer billed in JPY with
 * its USD provider cost and the ECB rates; the converted Overview total must equal an independent
 * BigInt computation from the raw rows (JPY -> USD is a cross rate via EUR). Runs on its own page,
 * started without the year demo: the files it adds must not reach the other tests' shared page.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseUrl, expect, test } from './fixtures';
import { gotoScreen, gridRows, openApp, openFilesAndSettle, startWithoutDemo } from './app-helpers';
import { moneyText } from './expected';
import { independentTotals } from '../unit/fx/independent-totals';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const FX = ['sakura_jpy_invoice_fees.csv', 'sakura_cost_focus.csv', 'eurofxref-hist.csv'].map((f) => join(repo, 'test/fixtures/fx', f));
// The one-month company the independent totals are computed from (the bundled demo is a year, with rates of its own).
const MARCH = ['config.json', 'cost_focus.csv', 'lago_invoice_fees.csv', 'price_book.csv', 'usage_cloudevents.ndjson'].map((f) =>
  join(repo, 'test/fixtures/demo-march', f),
);

test('margin in a reporting currency: converted totals, the rates used, native view one click away', async ({ page }) => {
  await startWithoutDemo(page.context());
  await openApp(page, baseUrl());
  const select = 'select[aria-label="Reporting currency"]';
  await gotoScreen(page, 'data');
  await expect(page.getByTestId('loaded-files')).toHaveCount(0);
  await expect(page.locator(select), 'disabled until FX rates are loaded').toBeDisabled();
  await openFilesAndSettle(page, [...MARCH, ...FX]);
  await expect(page.locator(select)).toBeEnabled();

  await gotoScreen(page, 'overview');
  await page.selectOption(select, 'USD');
  const expected = independentTotals('test/fixtures/fx/eurofxref-hist.csv', 'USD');
  const margin = page.getByTestId('kpi-reporting-margin');
  await expect(margin, 'converted margin = independent computation').toHaveText(moneyText(expected.margin, 'USD') + 'USD', { timeout: 90_000 });
  await expect(page.getByTestId('kpi-reporting-revenue')).toHaveText(moneyText(expected.revenue, 'USD') + 'USD');
  await expect(page.getByTestId('kpi-reporting-cost')).toHaveText(moneyText(expected.cost, 'USD') + 'USD');
  const note = page.getByTestId('fx-note');
  await expect(note).toContainText('Converted to USD from JPY with the rates in eurofxref-hist.csv');
  await expect(note).toContainText('cross rates via EUR');

  // Margin: every row in USD, the note beside it; then back to the native currencies in one click.
  await gotoScreen(page, 'margin');
  await expect(page.getByTestId('fx-note')).toBeVisible();
  const rows = await gridRows(page, 'margin-grid');
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((r) => r[r.length - 1])), 'currency column').toEqual(new Set(['USD']));
  await page.getByRole('button', { name: 'Show native currencies' }).click();
  await expect(page.getByTestId('fx-note')).toHaveCount(0);
  await expect(page.locator(select)).toHaveValue('');
  await page.selectOption('select[aria-label="Currency"]', 'JPY');
  const jpy = await gridRows(page, 'margin-grid');
  expect(new Set(jpy.map((r) => r[r.length - 1])), 'native JPY rows').toEqual(new Set(['JPY']));
});
