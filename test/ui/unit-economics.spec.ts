/**
 * Unit economics on the Margin screen: the losing SKU's sentence and its per-unit figures, against
 * numbers computed here from the demo files (cost CSV, usage NDJSON, Lago fees) with BigInt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { gotoScreen, gridHeaders, gridRows } from './app-helpers';
import { parseCsv } from '../../src/model/csv';
import { parseDecimal } from '../../src/model/money';

const demo = fileURLToPath(new URL('../../samples/demo/', import.meta.url));
const rowsOf = (f: string) => {
  const [head, ...rows] = parseCsv(readFileSync(join(demo, f), 'utf8'));
  return rows.filter((r) => r.length === head.length).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};
const d18 = (s: string) => parseDecimal(s, 18);
/** a / b at `places` decimals, half away from zero, as text with "−" for negatives. */
function quotientText(a: bigint, b: bigint, places: number): string {
  const neg = a < 0n !== b < 0n && a !== 0n;
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const p = 10n ** BigInt(places);
  const q = (2n * x * p + y) / (2n * y);
  return `${neg ? '−' : ''}${q / p}.${(q % p).toString().padStart(places, '0')}`;
}

test('unit economics: the losing SKU explains itself, per-unit figures exact', async ({ app: page }) => {
  const cost = rowsOf('cost_focus.csv')
    .filter((r) => r.BillingCurrency === 'USD' && (JSON.parse(r.Tags || '{}') as Record<string, string>).sku === 'gpu_minutes')
    .reduce((a, r) => a + d18(r.BilledCost), 0n);
  const fees = rowsOf('lago_invoice_fees.csv').filter((r) => r.fee_item_code === 'gpu_minutes');
  const revenue = fees.reduce((a, r) => a + (BigInt(r.fee_total_amount_cents) - BigInt(r.fee_taxes_amount_cents)) * 10n ** 16n, 0n);
  const billed = fees.reduce((a, r) => a + d18(r.fee_units), 0n);
  const metered = readFileSync(join(demo, 'usage_cloudevents.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; data: { value: string } })
    .filter((e) => e.type === 'gpu_minutes')
    .reduce((a, e) => a + d18(e.data.value), 0n);
  // Per unit at 10 decimals (rounded once), margin per unit their difference, shown rounded to 2 and 4.
  const p10 = d18(quotientText(revenue, billed, 10));
  const c10 = d18(quotientText(cost, metered, 10));
  const m10 = p10 - c10;
  const at = (v: bigint, places: number) => quotientText(v, 10n ** 18n, places);

  await gotoScreen(page, 'margin');
  await page.click('[aria-label="Margin view"] button:has-text("Unit economics")');
  await expect(page.locator('[data-testid="losing-sku"]')).toHaveText(
    `▼ gpu_minutes: ${at(c10, 2)} USD of cost per minute sold at ${at(p10, 2)} USD, ${at(m10, 2)} USD per minute.`,
  );
  const rows = await gridRows(page, 'unit-grid');
  const h = await gridHeaders(page, 'unit-grid');
  const gpu = rows.find((r) => r[h.indexOf('SKU')] === 'gpu_minutes')!;
  expect(gpu[h.indexOf('Price / unit')]).toBe(at(p10, 4));
  expect(gpu[h.indexOf('Cost / unit')]).toBe(at(c10, 4));
  expect(gpu[h.indexOf('Margin / unit')]).toBe(`(${at(-m10, 4)})`);
  expect(gpu[h.indexOf('Billed units')]).toBe(at(billed, 2).replace(/\B(?=(\d{3})+\.)/g, ','));
  await page.click('[aria-label="Margin view"] button:has-text("Margin")');
});
