/**
 * The Reconciliation screen's provider-invoice section: FOCUS 1.4 cost and usage, Invoice Detail
 * and Billing Period files opened in the app, the planted differences shown with exact amounts and
 * the cost lines behind one on Enter. Runs on its own page, started without the year demo: the
 * files it adds must not reach the other tests' shared page.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseUrl, expect, test } from './fixtures';
import { gotoScreen, gridRows, openApp, openFilesAndSettle, startWithoutDemo } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const FILES = ['cost_and_usage-1.4.csv', 'invoice_detail.csv', 'billing_period.csv'].map((f) => join(repo, 'test/fixtures/focus-datasets', f));

test('provider invoices vs cost data: planted differences per detail line, cost lines behind a row', async ({ page }) => {
  await startWithoutDemo(page.context());
  await openApp(page, baseUrl());
  await gotoScreen(page, 'data');
  await openFilesAndSettle(page, FILES);
  await page.selectOption('select[aria-label="Currency"]', 'USD');
  await page.selectOption('select[aria-label="Period"]', 'all');
  await gotoScreen(page, 'reconciliation');
  await page.selectOption('select[aria-label="Invoice reconciliation level"]', 'detail');
  await page.getByLabel('Differences only').check();
  const rows = await gridRows(page, 'invoice-recon-grid');
  expect(rows.map((r) => r.slice(1, 4))).toEqual([
    ['INV-2605-002', 'D-101', '¤ currency mismatch'],
    ['INV-2605-001', 'D-002', '≠ amount differs'],
    ['INV-2605-001', 'D-003', '◆ invoiced, no cost lines'],
  ]);
  expect(rows[1].slice(4, 7).map((c) => c.replace(/[^\d.−-]/g, ''))).toEqual(['45.01', '45.00', '0.01']);
  await page.locator('[data-testid="invoice-recon-grid"] .grid-body [role="row"]').nth(1).click();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Cost lines of INV-2605-001 · D-002 (USD)')).toBeVisible();
});
