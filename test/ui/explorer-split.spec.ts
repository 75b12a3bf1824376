/**
 * Shared cost split in the cost explorer on the demo company: March grouped by tag customer, the
 * untagged networking cost split by revenue. Expected shares are computed here from the sample
 * files (cost CSV, Lago fees CSV) in BigInt: the shared cost rounded once to cents and split by
 * largest remainder; the table's "Split from shared" column, each customer's cost and the chart's
 * hatched split series must show them, and Unallocated brings the (untagged) row back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { moneyText } from './expected';
import { gotoScreen, gridHeaders, gridRows } from './app-helpers';
import { parseCsv } from '../../src/model/csv';
import { parseDecimal } from '../../src/model/money';

const DEMO = join(fileURLToPath(new URL('../..', import.meta.url)), 'samples/demo');

function csv(file: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(readFileSync(join(DEMO, file), 'utf8'));
  return rows.filter((r) => r.length === head.length).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

const cents = (v: bigint) => `${v < 0n ? '-' : ''}${(v < 0n ? -v : v) / 100n}.${String((v < 0n ? -v : v) % 100n).padStart(2, '0')}`;
const at18 = (v: bigint) => `${v / 10n ** 18n}.${String(v % 10n ** 18n).padStart(18, '0')}`;

test('explorer: untagged cost split over tag customer by revenue, beside the unallocated view', async ({ app: page }) => {
  const march = csv('cost_focus.csv')
    .filter((r) => r.ChargePeriodStart.startsWith('2024-03') && r.BillingCurrency === 'USD')
    .map((r) => ({ customer: (JSON.parse(r.Tags || '{}') as Record<string, string>).customer ?? null, cost: parseDecimal(r.EffectiveCost, 18) }));
  const customers = [...new Set(march.map((l) => l.customer).filter((c): c is string => c !== null))].sort();
  const direct = (c: string | null) => march.filter((l) => l.customer === c).reduce((a, l) => a + l.cost, 0n);
  const shared = direct(null);
  expect(shared > 0n, 'the demo has untagged (shared) cost').toBe(true);
  const whole = (shared + 5n * 10n ** 15n) / 10n ** 16n; // cents, half away from zero (positive)
  const revenue = new Map(customers.map((c) => [c, 0n]));
  for (const f of csv('lago_invoice_fees.csv'))
    if (revenue.has(f.subscription_external_id) && f.fee_amount_currency === 'USD' && f.fee_from_date_utc.startsWith('2024-03'))
      revenue.set(
        f.subscription_external_id,
        revenue.get(f.subscription_external_id)! + BigInt(f.fee_total_amount_cents) - BigInt(f.fee_taxes_amount_cents),
      );
  const total = [...revenue.values()].reduce((a, b) => a + b, 0n);
  // Largest remainder: floors, then one cent each to the largest remainders (ties to the first customer).
  const share = new Map(customers.map((c) => [c, (whole * revenue.get(c)!) / total]));
  const order = [...customers].sort((a, b) => {
    const [ra, rb] = [(whole * revenue.get(a)!) % total, (whole * revenue.get(b)!) % total];
    return ra === rb ? customers.indexOf(a) - customers.indexOf(b) : rb > ra ? 1 : -1;
  });
  let rest = whole - [...share.values()].reduce((a, b) => a + b, 0n);
  for (const c of order) if (rest-- > 0n) share.set(c, share.get(c)! + 1n);

  await gotoScreen(page, 'explorer');
  await page.selectOption('select[aria-label="Range"]', 'month');
  await page.selectOption('select[aria-label="Month"]', '2024-03');
  await page.click('[aria-label="Granularity"] button:has-text("Week")');
  await page.selectOption('select[aria-label="Group by"]', 'tag:customer');
  await page.click('[aria-label="Shared cost"] button:has-text("By revenue")');
  await expect(page.locator('[data-testid="split-note"]')).toContainText('split by revenue');

  await expect.poll(async () => (await gridHeaders(page, 'explorer-grid')).includes('Split from shared')).toBe(true);
  await page.waitForSelector('[data-testid="explorer"][data-loading="false"]');
  const h = await gridHeaders(page, 'explorer-grid');
  const rows = await gridRows(page, 'explorer-grid');
  expect(rows.map((r) => r[h.indexOf('tag customer')]).sort()).toEqual(customers);
  for (const c of customers) {
    const row = rows.find((r) => r[h.indexOf('tag customer')] === c)!;
    expect(row[h.indexOf('Split from shared')], `${c} share`).toBe(moneyText(cents(share.get(c)!), 'USD'));
    expect(row[h.indexOf('Cost')], `${c} cost`).toBe(moneyText(at18(direct(c) + share.get(c)! * 10n ** 16n), 'USD'));
  }

  // The chart: each customer's share is its own hatched series, named as split from shared.
  await page.focus('[data-testid="explorer-chart"]');
  await page.keyboard.press('t');
  const table = page.locator('[data-testid="explorer-chart"] [data-testid="chart-table"]');
  const heads = await table.locator('thead th').allTextContents();
  for (const c of customers) expect(heads.includes(`${c} · split from shared`), `${c} split series`).toBe(share.get(c)! > 0n);
  for (const c of customers) if (revenue.get(c) === 0n) expect(share.get(c), `${c} has no revenue, so no share`).toBe(0n);
  expect(heads).not.toContain('(untagged)');
  await page.keyboard.press('t');

  // Unallocated: the (untagged) row is back with the whole shared cost, and no split column.
  await page.click('[aria-label="Shared cost"] button:has-text("Unallocated")');
  await expect.poll(async () => (await gridHeaders(page, 'explorer-grid')).includes('Split from shared')).toBe(false);
  await page.waitForSelector('[data-testid="explorer"][data-loading="false"]');
  const plain = await gridRows(page, 'explorer-grid');
  const h2 = await gridHeaders(page, 'explorer-grid');
  expect(plain.find((r) => r[h2.indexOf('tag customer')] === '(untagged)')?.[h2.indexOf('Cost')]).toBe(moneyText(at18(shared), 'USD'));
  await page.selectOption('select[aria-label="Group by"]', 'column:ServiceName');
  await page.selectOption('select[aria-label="Range"]', 'all');
  await page.click('[aria-label="Granularity"] button:has-text("Day")');
});

/** Cents of a money cell as the app shows it ("1,234.56 USD", "(0.42) USD", "—" for none). */
function cellCents(text: string): bigint {
  const t = text.replace(/ [A-Z]{3}$/, '').replace(/,/g, '');
  if (t === '—' || t === '') return 0n;
  const neg = t.startsWith('(');
  const v = parseDecimal(t.replace(/[()]/g, ''), 2);
  return neg ? -v : v;
}

test('explorer: each customer split bars add up to its table figure, per day, with a second grouping too', async ({ app: page }) => {
  await gotoScreen(page, 'explorer');
  await page.selectOption('select[aria-label="Range"]', 'month');
  await page.selectOption('select[aria-label="Month"]', '2024-03');
  await page.click('[aria-label="Granularity"] button:has-text("Day")');
  await page.selectOption('select[aria-label="Group by"]', 'tag:customer');
  for (const [rule, second] of [
    ['Evenly', null],
    ['By direct cost', null],
    ['By usage', 'column:ServiceName'],
  ] as const) {
    await page.click(`[aria-label="Shared cost"] button:has-text("${rule}")`);
    await page.selectOption('select[aria-label="Then by"]', second ?? '');
    await expect.poll(async () => (await gridHeaders(page, 'explorer-grid')).includes('Split from shared')).toBe(true);
    await page.waitForSelector('[data-testid="explorer"][data-loading="false"]');
    const h = await gridHeaders(page, 'explorer-grid');
    const table = new Map<string, bigint>();
    for (const r of await gridRows(page, 'explorer-grid'))
      table.set(r[h.indexOf('tag customer')], (table.get(r[h.indexOf('tag customer')]) ?? 0n) + cellCents(r[h.indexOf('Split from shared')]));
    await page.focus('[data-testid="explorer-chart"]');
    await page.keyboard.press('t');
    const chart = page.locator('[data-testid="explorer-chart"] [data-testid="chart-table"]');
    const heads = await chart.locator('thead th').allTextContents();
    const cells = await chart.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));
    expect(cells.length, 'a bar per day of March').toBe(31);
    for (const [customer, cents] of table) {
      const col = heads.indexOf(`${customer} · split from shared`);
      const bars = col < 0 ? 0n : cells.reduce((a, row) => a + cellCents(row[col]), 0n);
      expect(bars, `${rule}${second ? ' then by service' : ''}: ${customer}'s split bars against its table figure`).toBe(cents);
    }
    await page.keyboard.press('t');
  }
  await page.selectOption('select[aria-label="Then by"]', '');
  await page.click('[aria-label="Shared cost"] button:has-text("Unallocated")');
  await page.selectOption('select[aria-label="Group by"]', 'column:ServiceName');
  await page.selectOption('select[aria-label="Range"]', 'all');
});

test('explorer: service then tag customer splits each service’s untagged cost over the customers, to the cent', async ({ app: page }) => {
  await gotoScreen(page, 'explorer');
  await page.selectOption('select[aria-label="Range"]', 'month');
  await page.selectOption('select[aria-label="Month"]', '2024-03');
  await page.selectOption('select[aria-label="Group by"]', 'column:ServiceName');
  await page.selectOption('select[aria-label="Then by"]', 'tag:customer');
  await page.waitForSelector('[data-testid="explorer"][data-loading="false"]');
  const h = await gridHeaders(page, 'explorer-grid');
  const [svc, cust] = [h.indexOf('ServiceName'), h.indexOf('tag customer')];
  const untagged = new Map(
    (await gridRows(page, 'explorer-grid')).filter((r) => r[cust] === '(untagged)').map((r) => [r[svc], cellCents(r[h.indexOf('Cost')])]),
  );
  expect(untagged.size, 'services with untagged cost in March').toBeGreaterThan(0);

  await page.click('[aria-label="Shared cost"] button:has-text("By revenue")');
  await expect(page.locator('[data-testid="split-note"]')).toContainText('within each ServiceName');
  await expect.poll(async () => (await gridHeaders(page, 'explorer-grid')).includes('Split from shared')).toBe(true);
  await page.waitForSelector('[data-testid="explorer"][data-loading="false"]');
  const h2 = await gridHeaders(page, 'explorer-grid');
  const rows = await gridRows(page, 'explorer-grid');
  expect(
    rows.filter((r) => r[h2.indexOf('tag customer')] === '(untagged)'),
    'every untagged row split',
  ).toEqual([]);
  for (const [service, cents] of untagged) {
    const shares = rows
      .filter((r) => r[h2.indexOf('ServiceName')] === service)
      .reduce((a, r) => a + cellCents(r[h2.indexOf('Split from shared')]), 0n);
    expect(shares, `${service}: its customers' shares add up to its untagged cost`).toBe(cents);
  }
  await page.click('[aria-label="Shared cost"] button:has-text("Unallocated")');
  await page.selectOption('select[aria-label="Then by"]', '');
  await page.selectOption('select[aria-label="Range"]', 'all');
});
