/**
 * The provider invoice check on the Reconciliation screen: per invoice the cost export's total,
 * the provider's invoice total from the settings, the difference, and the lines behind it one
 * click away; on the demo company, then with a fixture whose second invoice is planted 12.34 USD
 * above its export. Expected figures: the same files loaded in the Node engine, summed there, and
 * the differences computed here on bigints. Runs on its own page: the files it adds stay there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { baseUrl, expect, test } from './fixtures';
import { moneyText, samplesRun } from './expected';
import { gotoScreen, openFilesAndSettle, gridRows, openApp, shootLightDark } from './app-helpers';
import { createNodeEngine } from '../../src/engine/node-engine';
import type { Engine } from '../../src/engine/engine';
import { loadLocalFile } from '../../src/ingest/node-files';
import { createAdapterRegistry } from '../../src/ingest/registry';
import { parseBillingConfig, type BillingConfig } from '../../src/model/mappings';
import { formatDecimal, parseDecimal } from '../../src/model/money';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(repo, 'test-results/screens');
const FIXTURE = join(repo, 'test/fixtures/provider-check');
const COST = join(FIXTURE, 'cost_three_invoices.csv');
const CONFIG = join(FIXTURE, 'provider-check.config.json');

/** An exact decimal string to cents, half away from zero, then shown as the test's own formatter does. */
const cents = (s: string) => parseDecimal(s, 2, 'half-away');
const usd = (minor: bigint) => moneyText(formatDecimal(minor, 2), 'USD');

interface Expected {
  invoice: string;
  lines: number;
  exportMinor: bigint;
  invoiceMinor: bigint | null;
  byCategory: { category: string; lines: number; billed: bigint; effective: bigint }[];
}

async function expectedInvoices(engine: Engine, cfg: BillingConfig): Promise<Expected[]> {
  const rows = await engine.query<{ inv: string; cat: string; n: number; billed: string; eff: string }>(
    `SELECT "InvoiceId" AS inv, coalesce("ChargeCategory", '') AS cat, count(*) AS n,
            sum(coalesce("BilledCost", 0)) AS billed, sum(coalesce("EffectiveCost", 0)) AS eff
     FROM cost_lines WHERE "BillingCurrency" = 'USD' GROUP BY ALL ORDER BY inv, cat`,
  );
  const out = new Map<string, Expected>();
  for (const r of rows) {
    const given = cfg.providerInvoices.find((p) => p.invoice_id === r.inv && p.currency === 'USD');
    const e = out.get(r.inv) ?? { invoice: r.inv, lines: 0, exportMinor: 0n, invoiceMinor: given ? cents(given.total) : null, byCategory: [] };
    out.set(r.inv, e);
    e.lines += Number(r.n);
    e.byCategory.push({ category: r.cat, lines: Number(r.n), billed: cents(r.billed), effective: cents(r.eff) });
  }
  // The export total is its lines summed exactly, then rounded once.
  const totals = await engine.query<{ inv: string; billed: string }>(
    `SELECT "InvoiceId" AS inv, sum(coalesce("BilledCost", 0)) AS billed FROM cost_lines WHERE "BillingCurrency" = 'USD' GROUP BY ALL`,
  );
  for (const t of totals) out.get(t.inv)!.exportMinor = cents(t.billed);
  return [...out.values()];
}

async function checkRow(page: Page, e: Expected): Promise<void> {
  const row = page.locator(`[data-testid="provider-check-table"] tr[data-invoice="${e.invoice}"]`);
  await expect(row.locator('[data-field="export"]')).toHaveText(usd(e.exportMinor));
  if (e.invoiceMinor === null) {
    await expect(row).toHaveAttribute('data-status', 'no_invoice_total');
    await expect(row.locator('[data-field="invoice"]')).toHaveText('—');
    return;
  }
  await expect(row.locator('[data-field="invoice"]')).toHaveText(usd(e.invoiceMinor));
  await expect(row.locator('[data-field="difference"]')).toHaveText(usd(e.invoiceMinor - e.exportMinor));
  await expect(row).toHaveAttribute('data-status', e.invoiceMinor === e.exportMinor ? 'matched' : 'mismatch');
}

async function checkBehind(page: Page, e: Expected): Promise<void> {
  await page.click(`[data-testid="provider-check-table"] tr[data-invoice="${e.invoice}"] button:has-text("Lines behind")`);
  const breakdown = page.locator('[data-testid="provider-breakdown"] tbody tr');
  await expect(breakdown).toHaveCount(e.byCategory.length);
  for (const c of e.byCategory) {
    const tr = page.locator(`[data-testid="provider-breakdown"] tr[data-category="${c.category}"]`);
    await expect(tr.locator('[data-field="billed"]')).toHaveText(usd(c.billed));
    await expect(tr.locator('[data-field="effective"]')).toHaveText(usd(c.effective));
  }
  await gridRows(page, 'provider-cost-lines');
  const n = Number(await page.getAttribute('[data-testid="provider-cost-lines"] [role="grid"]', 'aria-rowcount')) - 1;
  expect(n, `cost lines behind ${e.invoice}`).toBe(e.lines);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.locator('[data-testid="provider-check"]').scrollIntoViewIfNeeded();
  await shootLightDark(page, shots, name);
}

test('provider invoice check: export total, invoice total and difference per invoice, the lines behind one click away', async ({ page }) => {
  const run = await samplesRun(repo);
  const demo = await expectedInvoices(run.engine, run.cfg);
  // The year demo: one provider invoice a month, each with its total in the settings.
  expect(demo.map((e) => e.invoice)).toEqual(Array.from({ length: 12 }, (_, i) => `INV-AWS-2024-${String(i + 1).padStart(2, '0')}`));
  for (const e of demo) expect(e.invoiceMinor, `the demo gives the total of ${e.invoice}`).not.toBeNull();

  await openApp(page, baseUrl());
  await page.selectOption('select[aria-label="Currency"]', 'USD');
  await page.selectOption('select[aria-label="Period"]', 'all');
  await gotoScreen(page, 'reconciliation');
  await expect(page.locator('[data-testid="provider-check-table"] tbody tr')).toHaveCount(demo.length);
  for (const e of demo) await checkRow(page, e);
  await checkBehind(page, demo[2]);

  // The fixture: one invoice matches, one is planted 12.34 USD above its export, one has no total.
  const engine = await createNodeEngine();
  const cfg = parseBillingConfig(readFileSync(CONFIG, 'utf8'), 'provider-check.config.json');
  await loadLocalFile(engine, COST, { adapters: createAdapterRegistry(cfg) });
  const planted = await expectedInvoices(engine, cfg);
  await engine.close();
  expect(planted.map((e) => [e.invoice, e.invoiceMinor === null ? null : e.invoiceMinor - e.exportMinor])).toEqual([
    ['INV-P-01', 0n],
    ['INV-P-02', 1234n],
    ['INV-P-03', null],
  ]);
  await gotoScreen(page, 'data');
  await openFilesAndSettle(page, [CONFIG, COST]);
  await gotoScreen(page, 'reconciliation');
  await expect(page.locator('[data-testid="provider-check-table"] tbody tr')).toHaveCount(demo.length + 3);
  await expect(page.locator('[data-testid="provider-check-table"] tbody tr').first(), 'the difference comes first').toHaveAttribute(
    'data-invoice',
    'INV-P-02',
  );
  for (const e of planted) await checkRow(page, e);
  await checkBehind(page, planted[1]);
  await shoot(page, 'provider-check');
});
