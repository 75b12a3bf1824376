/** Margin, reconciliation and proposals screens against the Node engine's run of the same core. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { defaultCurrency, moneyText, samplesRun } from './expected';
import { gotoScreen, gridHeaders, gridRows } from './app-helpers';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

async function footCount(page: Page, testId: string): Promise<number> {
  await gridRows(page, testId);
  const foot = (await page.textContent(`[data-testid="${testId}"] .grid-foot`)) ?? '';
  return Number(foot.split(' ')[0].replace(/,/g, ''));
}

test('margin by SKU: lowest margin first, negatives flagged, drill SKU → customer → source rows', async ({ app: page }) => {
  const run = await samplesRun(repo);
  const cur = await defaultCurrency(run.engine);
  const bySku = run.margin.bySku.filter((r) => r.currency === cur);
  expect(bySku.length, `no margin rows in ${cur}`).toBeGreaterThan(0);
  const lowest = [...bySku].sort((a, b) => Number(BigInt(a.margin.replace('.', '')) - BigInt(b.margin.replace('.', ''))))[0];
  await gotoScreen(page, 'margin');
  const rows = await gridRows(page, 'margin-grid');
  const h = await gridHeaders(page, 'margin-grid');
  expect(rows.length, 'one row per SKU').toBe(bySku.length);
  expect(rows[0][h.indexOf('SKU')], 'lowest-margin SKU first').toBe(lowest.sku);
  expect(rows[0][h.indexOf('Margin')], 'its margin').toBe(moneyText(lowest.margin, cur));
  expect(rows[0][h.indexOf('Flag')], 'negative flag in text').toBe(lowest.negative_margin ? '▼ negative' : '');
  if (lowest.negative_margin) {
    // The first row is highlighted as negative (the class also draws a marker beside colour).
    await page.waitForSelector('[data-testid="margin-grid"] .grid-body [role="row"][aria-rowindex="2"].row-negative', { timeout: 10_000 });
  }
  await page.focus('[data-testid="margin-grid"] [role="grid"]');
  await page.keyboard.press('Enter');
  const custRows = await gridRows(page, 'margin-customer-grid');
  const ch = await gridHeaders(page, 'margin-customer-grid');
  const customers = run.margin.bySkuCustomer.filter((r) => r.sku === lowest.sku && r.currency === cur);
  expect(custRows.length, `customers of ${lowest.sku}`).toBe(customers.length);
  const firstCustomer = custRows[0][ch.indexOf('Customer')];
  await page.focus('[data-testid="margin-customer-grid"] [role="grid"]');
  await page.keyboard.press('Enter');
  const cust = firstCustomer === '(no customer)' ? '' : firstCustomer;
  const n = await footCount(page, 'source-rows-invoice_lines');
  const [exp] = await run.engine.query<{ n: number }>(
    "SELECT count(*) AS n FROM invoice_lines WHERE coalesce(customer_id, '') = ? AND sku = ? AND currency = ?",
    [cust, lowest.sku, cur],
  );
  expect(n, 'invoice lines behind the customer').toBe(exp.n);
  if (n > 0) {
    const src = await gridRows(page, 'source-rows-invoice_lines');
    const sh = await gridHeaders(page, 'source-rows-invoice_lines');
    const [row] = await run.engine.query<{ sku: string; c: string }>(
      "SELECT sku, coalesce(customer_id, '') AS c FROM invoice_lines WHERE source_file = ? AND source_row = ?",
      [src[0][sh.indexOf('Source file')], Number(src[0][sh.indexOf('Data row')].replace(/,/g, ''))],
    );
    expect([row?.sku, row?.c], 'the source row belongs to the SKU and customer').toEqual([lowest.sku, cust]);
  }
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="margin-grid"]');
});

test('reconciliation: totals by status match, a row drills to its usage events', async ({ app: page }) => {
  const run = await samplesRun(repo);
  const cur = await defaultCurrency(run.engine);
  const rows = run.recon.rows.filter((r) => r.currency === cur);
  await gotoScreen(page, 'reconciliation');
  const n = await footCount(page, 'recon-grid');
  expect(n, 'reconciliation rows').toBe(rows.length);
  const summary = await page.$$eval('[data-testid="recon-summary"] tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
  );
  const statuses = [...new Set(rows.map((r) => r.status))];
  expect(summary.length, 'one summary line per status').toBe(statuses.length);
  if (rows.length === 0) return;
  await page.focus('[data-testid="recon-grid"] [role="grid"]');
  const first = (await gridRows(page, 'recon-grid'))[0];
  const h = await gridHeaders(page, 'recon-grid');
  await page.keyboard.press('Enter');
  const customer = first[h.indexOf('Customer')] === '(no customer)' ? '' : first[h.indexOf('Customer')];
  const row = rows.find((r) => r.customer_id === customer && r.sku === first[h.indexOf('SKU')] && r.period === first[h.indexOf('Period')]);
  expect(row, `row ${first.join('|')} is one of the engine's`).toBeDefined();
  expect(first[h.indexOf('Delta (billed − expected)')], 'its delta').toBe(moneyText(row!.amount_delta, cur));
  const events = await footCount(page, 'source-rows-usage_events');
  const [exp] = await run.engine.query<{ n: number }>(
    "SELECT count(*) AS n FROM usage_events WHERE coalesce(customer_id, '') = ? AND sku = ? AND strftime(ts, '%Y-%m') = ?",
    [row!.customer_id, row!.sku, row!.period],
  );
  expect(events, 'usage events behind the row').toBe(exp.n);
  await page.keyboard.press('Escape');
});

test('proposals: approve one from the keyboard and export the approved set as CSV', async ({ app: page }) => {
  await gotoScreen(page, 'proposals');
  const first = await page.waitForSelector('[data-testid="review-queue"] tbody tr', { timeout: 20_000 });
  const id = (await first.getAttribute('data-proposal'))!;
  await page.fill('#reviewer', 'A. Analyst');
  await first.focus();
  await page.keyboard.press('a');
  await page.waitForSelector(`tr[data-proposal="${id}"][data-state="approved"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-proposals"]')]);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0].startsWith('proposal_id,direction'), `CSV header: ${lines[0]}`).toBe(true);
  expect(lines.length, 'only the approved proposal is exported').toBe(2);
  expect(lines[1].startsWith(id + ','), `exported row is ${id}`).toBe(true);
  expect(lines[1].includes('approved') && lines[1].includes('A. Analyst'), 'review state and reviewer in the export').toBe(true);
  // Undo so other tests see the queue as the analysis left it.
  await page.focus(`tr[data-proposal="${id}"]`);
  await page.keyboard.press('u');
  await page.waitForSelector(`tr[data-proposal="${id}"][data-state="proposed"]`);
});

test('anomalies: a finding opens with its chart, root causes and a recorded verdict', async ({ app: page }) => {
  await gotoScreen(page, 'anomalies');
  const n = await footCount(page, 'anomaly-grid');
  if (n === 0) {
    // Nothing to label: the empty state must say why.
    expect((await page.textContent('[data-testid="anomaly-grid"]')) ?? '', 'empty state').toContain('No anomalies');
    return;
  }
  await page.focus('[data-testid="anomaly-grid"] [role="grid"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="anomaly-detail"] [role="img"] svg');
  await page.waitForFunction(() => !document.querySelector('[data-testid="anomaly-detail"]')?.textContent?.includes('Working out'));
  await page.click('[data-testid="anomaly-detail"] button:has-text("False alarm")');
  await page.waitForSelector('[data-testid="anomaly-detail"] button[aria-pressed="true"]:has-text("False alarm")');
  await page.waitForSelector('.app[data-analysis="done"]', { timeout: 60_000 });
});
