/**
 * The cost explorer on the demo company: a custom range by week, grouped by a tag key, compared
 * with the period before, filtered, the chart's data table by keyboard; amortized against actual
 * cost on a commitment export opened beside the demo. Expected amounts are computed here from the
 * CSV text (parseCsv, BigInt at 18 places) and formatted with the tests' own moneyText.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test, baseUrl } from './fixtures';
import { moneyText } from './expected';
import { gotoScreen, openFilesAndSettle, gridHeaders, gridRows, openApp } from './app-helpers';
import { csvCell, parseCsv } from '../../src/model/csv';
import { parseDecimal } from '../../src/model/money';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const COST_CSV = join(repo, 'samples/demo/cost_focus.csv');

type Line = { day: string; sku: string | null; customer: string | null; billed: bigint; effective: bigint };

function linesOf(file: string): Line[] {
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const at = (n: string) => head.indexOf(n);
  return rows
    .filter((r) => r.length === head.length && r[at('BillingCurrency')] === 'USD')
    .map((r) => {
      const tags = JSON.parse(r[at('Tags')] || '{}') as Record<string, string>;
      return {
        day: r[at('ChargePeriodStart')].slice(0, 10),
        sku: tags.sku ?? null,
        customer: tags.customer ?? null,
        billed: parseDecimal(r[at('BilledCost')], 18),
        effective: parseDecimal(r[at('EffectiveCost')], 18),
      };
    });
}

const usd = (v: bigint) => `${moneyText(fmt18(v), 'USD')} USD`;
function fmt18(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? '-' : ''}${a / 10n ** 18n}.${(a % 10n ** 18n).toString().padStart(18, '0')}`;
}
/** 100 × n / d at 2 decimals, half away from zero, "−" for negatives (as the grid shows percentages). */
function pctText(n: bigint, d: bigint): string {
  if (d === 0n) return '—';
  const neg = n < 0n !== d < 0n && n !== 0n;
  const an = (n < 0n ? -n : n) * 10000n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return `${neg ? '−' : ''}${q / 100n}.${(q % 100n).toString().padStart(2, '0')}%`;
}
const sum = (ls: Line[], m: 'billed' | 'effective' = 'effective') => ls.reduce((a, l) => a + l[m], 0n);
/** Monday of the day's ISO week. */
function monday(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const wd = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - wd * 86_400_000).toISOString().slice(0, 10);
}

/** The explorer's figures are the current view's: until then it keeps showing the last view's grid. */
async function viewShown(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="explorer"]')).toHaveAttribute('data-loading', 'false', { timeout: 60_000 });
}

async function customRange(page: Page, from: string, to: string): Promise<void> {
  await page.selectOption('select[aria-label="Range"]', 'custom');
  await page.fill('input[aria-label="From"]', from);
  await page.fill('input[aria-label="To"]', to);
}

test('explorer: custom range by week, grouped by tag sku, against the previous period; filtered; data table by keyboard', async ({ app: page }) => {
  const lines = linesOf(COST_CSV);
  const now = lines.filter((l) => l.day >= '2024-03-16' && l.day <= '2024-03-31');
  // The 16 days just before: 29 Feb – 15 Mar.
  const before = lines.filter((l) => l.day >= '2024-02-29' && l.day <= '2024-03-15');

  await gotoScreen(page, 'explorer');
  await customRange(page, '2024-03-16', '2024-03-31');
  await page.click('[aria-label="Granularity"] button:has-text("Week")');
  await page.selectOption('select[aria-label="Group by"]', 'tag:sku');
  await expect(page.locator('.subtitle')).toContainText('16 Mar 2024 – 31 Mar 2024');
  await expect(page.locator('.subtitle')).toContainText('compared with 29 Feb 2024 – 15 Mar 2024');
  await viewShown(page);

  const rows = await gridRows(page, 'explorer-grid');
  const h = await gridHeaders(page, 'explorer-grid');
  const skus = [...new Set(lines.map((l) => l.sku))];
  expect(rows.map((r) => r[h.indexOf('tag sku')]).sort()).toEqual(skus.map((s) => s ?? '(untagged)').sort());
  for (const sku of skus) {
    const row = rows.find((r) => r[h.indexOf('tag sku')] === (sku ?? '(untagged)'))!;
    const n = sum(now.filter((l) => l.sku === sku));
    const b = sum(before.filter((l) => l.sku === sku));
    expect(row[h.indexOf('Cost')], `${sku} cost`).toBe(moneyText(fmt18(n), 'USD'));
    expect(row[h.indexOf('Previous period')], `${sku} previous`).toBe(moneyText(fmt18(b), 'USD'));
    expect(row[h.indexOf('Change')], `${sku} change`).toBe(moneyText(fmt18(n - b), 'USD'));
    expect(row[h.indexOf('Change %')], `${sku} change %`).toBe(pctText(n - b, b));
  }
  const tile = page.locator('[data-testid="explorer-totals"] [data-currency="USD"]');
  await expect(tile.locator('.value')).toHaveText(usd(sum(now)));

  // The chart's numbers: focus the figure, one key.
  await page.focus('[data-testid="explorer-chart"]');
  await page.keyboard.press('t');
  const table = page.locator('[data-testid="explorer-chart"] [data-testid="chart-table"]');
  await expect(table).toBeVisible();
  const heads = await table.locator('thead th').allTextContents();
  const body = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  const weeks = [...new Set(now.map((l) => monday(l.day)))].sort();
  expect(body.map((r) => r[0])).toEqual(weeks);
  for (const r of body) {
    for (let i = 1; i < heads.length; i++) {
      const sku = heads[i] === '(untagged)' ? null : heads[i];
      const ls = now.filter((l) => monday(l.day) === r[0] && l.sku === sku);
      expect(r[i], `${r[0]} ${heads[i]}`).toBe(ls.length ? usd(sum(ls)) : '—');
    }
  }
  await page.keyboard.press('t');
  await expect(table).toBeHidden();

  // Exclude one customer's lines (tag customer is not acme): every figure drops them.
  await page.click('button:has-text("+ Filter")');
  const editor = page.locator('[data-testid="filter-editor"]');
  await editor.locator('select[aria-label="Filter dimension"]').selectOption('tag:customer');
  await editor.locator('select[aria-label="Filter mode"]').selectOption('exclude');
  await editor.locator('label:has-text("acme") input').check();
  await editor.locator('button:has-text("Apply filter")').click();
  await expect(page.locator('[data-testid="filter-chip"]')).toHaveText(/tag customer is not acme/);
  await viewShown(page);
  const kept = now.filter((l) => l.customer !== 'acme');
  await expect(tile.locator('.value')).toHaveText(usd(sum(kept)));
  const keptSkus = [...new Set(kept.map((l) => l.sku))];
  await expect.poll(async () => (await gridRows(page, 'explorer-grid')).length, 'one row per SKU left').toBe(keptSkus.length);
  const filtered = await gridRows(page, 'explorer-grid');
  for (const sku of keptSkus) {
    const row = filtered.find((r) => r[h.indexOf('tag sku')] === (sku ?? '(untagged)'));
    expect(row?.[h.indexOf('Cost')], `${sku} cost without acme`).toBe(moneyText(fmt18(sum(kept.filter((l) => l.sku === sku))), 'USD'));
  }
  await page.click('[data-testid="filter-chip"] button');
  await expect(tile.locator('.value')).toHaveText(usd(sum(now)));
  // The range is the app's: another screen and back keeps it.
  await gotoScreen(page, 'overview');
  await gotoScreen(page, 'explorer');
  await expect(page.locator('.subtitle')).toContainText('16 Mar 2024 – 31 Mar 2024');
  // A month picked in the top bar's Period is the range too.
  await page.selectOption('select[aria-label="Period"]', '2024-03');
  await expect(page.locator('select[aria-label="Range"]')).toHaveValue('month');
  await expect(page.locator('select[aria-label="Month"]')).toHaveValue('2024-03');
  await page.selectOption('select[aria-label="Period"]', 'all');
  await page.selectOption('select[aria-label="Range"]', 'all');
});

/** A commitment (savings plan) month: the purchase is billed up front, the usage it covers is amortized. */
function writeCommitmentCsv(): string {
  const [head] = parseCsv(readFileSync(COST_CSV, 'utf8'));
  const base: Record<string, string> = {
    BillingAccountId: '999988887777',
    BillingAccountName: 'Northwind Labs',
    BillingCurrency: 'USD',
    BillingPeriodStart: '2024-03-01T00:00:00Z',
    BillingPeriodEnd: '2024-04-01T00:00:00Z',
    ChargeClass: '',
    InvoiceId: 'INV-LABS-2024-03',
    InvoiceIssuerName: 'Amazon Web Services, Inc.',
    ProviderName: 'AWS',
    PublisherName: 'AWS',
    ServiceCategory: 'Databases',
    ServiceName: 'Amazon Relational Database Service',
    RegionId: 'eu-west-1',
    SubAccountId: '999988887777',
    Tags: '{"team":"labs"}',
  };
  const line = (day: string, category: string, billed: string, effective: string) => {
    const v: Record<string, string> = {
      ...base,
      ChargePeriodStart: `${day}T00:00:00Z`,
      ChargePeriodEnd: `${day.slice(0, 8)}${String(Number(day.slice(8)) + 1).padStart(2, '0')}T00:00:00Z`,
      ChargeCategory: category,
      ChargeDescription: category === 'Purchase' ? 'Savings plan, March' : 'db.r6g.large covered by savings plan',
      BilledCost: billed,
      EffectiveCost: effective,
      ListCost: effective,
      ContractedCost: effective,
      ResourceId: 'arn:aws:rds:labs',
    };
    return head.map((c) => csvCell(v[c] ?? '')).join(',');
  };
  const rows = [
    line('2024-03-20', 'Purchase', '300.00', '0'),
    line('2024-03-20', 'Usage', '0', '9.6774193548'),
    line('2024-03-21', 'Usage', '0', '9.6774193548'),
  ];
  const dir = join(repo, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'labs_commitment_focus.csv');
  writeFileSync(file, [head.join(','), ...rows].join('\n') + '\n');
  return file;
}

test('explorer: amortized (EffectiveCost) against actual (BilledCost) with a commitment purchase', async ({ browser }) => {
  const file = writeCommitmentCsv();
  const page = await browser.newPage();
  await openApp(page, baseUrl());
  await gotoScreen(page, 'data');
  await openFilesAndSettle(page, file);
  const labs = linesOf(file);
  const lines = [...linesOf(COST_CSV).filter((l) => l.day.startsWith('2024-03')), ...labs];
  await gotoScreen(page, 'explorer');
  await page.selectOption('select[aria-label="Range"]', 'month');
  await page.selectOption('select[aria-label="Month"]', '2024-03');
  const tile = page.locator('[data-testid="explorer-totals"] [data-currency="USD"] .value');
  await page.click('[aria-label="Cost"] button:has-text("Amortized")');
  await expect(tile).toHaveText(usd(sum(lines, 'effective')));
  await page.click('[aria-label="Cost"] button:has-text("Actual")');
  await expect(tile).toHaveText(usd(sum(lines, 'billed')));
  expect(sum(labs, 'billed') - sum(labs, 'effective'), 'the purchase less the usage it covers').toBe(
    parseDecimal('300', 18) - 2n * parseDecimal('9.6774193548', 18),
  );
  await page.close();
});
