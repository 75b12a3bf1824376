/**
 * Deliveries on the Data screen: the same export opened twice adds nothing, a restated delivery
 * of the same billing period replaces the older one, files can be removed and the demo company
 * closed without a restart. Runs on a page of its own (it changes the loaded data).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { baseUrl, expect, test } from './fixtures';
import { APP_VIEWPORT } from './chromium';
import { gotoScreen, openFilesAndSettle, openApp, waitSettled } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const demoCost = join(repo, 'samples/demo/cost_focus.csv');

/** "12,345.67USD" -> minor units. */
function tileMinor(text: string | null): bigint {
  const m = /^\(?([\d,]+)\.(\d\d)\)?USD$/.exec(text ?? '');
  expect(m, `a USD amount: "${text}"`).not.toBeNull();
  return BigInt(m![1].replace(/,/g, '') + m![2]);
}

async function providerCost(page: Page): Promise<string | null> {
  await gotoScreen(page, 'overview');
  await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
  return page.textContent('[data-testid="kpi-provider-cost"]');
}

async function openFile(page: Page, file: string): Promise<void> {
  await gotoScreen(page, 'data');
  await openFilesAndSettle(page, file);
}

test('the same export twice adds nothing; a restated delivery replaces the older; files and the demo can be closed', async ({ browser }) => {
  const context = await browser.newContext({ viewport: APP_VIEWPORT, colorScheme: 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, baseUrl());
  const files = await page.getAttribute('.app', 'data-files');
  const before = await providerCost(page);

  // The same bytes under another name: recognised by content, nothing loaded.
  const dir = join(repo, 'test-results', 'deliveries');
  mkdirSync(join(dir, 'again'), { recursive: true });
  const copy = join(dir, 'cost_focus copy.csv');
  copyFileSync(demoCost, copy);
  await openFile(page, copy);
  const dup = page.locator('[data-testid="data-notices"] [data-notice="duplicate"]');
  await expect(dup).toContainText('cost_focus copy.csv has the same content as cost_focus.csv, which is loaded');
  await expect(dup).toContainText('nothing was added');
  expect(await page.getAttribute('.app', 'data-files'), 'no file added').toBe(files);
  expect(await page.$('tr[data-file="cost_focus copy.csv"]')).toBeNull();
  expect(await page.$('tr[data-file="cost_focus (2).csv"]')).toBeNull();
  expect(await providerCost(page), 'provider cost not doubled').toBe(before);

  // A restated delivery of the same billing periods (2024) under the same name: its first line costs 1.00 more.
  const text = readFileSync(demoCost, 'utf8');
  const first = text.split('\n')[1].match(/,Usage,,"[^"]*",(0\.\d+),\1,/)![1];
  const restated = text.replace(`${first},${first}`, `1${first.slice(1)},1${first.slice(1)}`);
  expect(restated).not.toBe(text);
  const newer = join(dir, 'again', 'cost_focus.csv');
  writeFileSync(newer, restated);
  await openFile(page, newer);
  const rep = page.locator('[data-testid="data-notices"] [data-notice="replaced"]');
  await expect(rep).toContainText('replaces the loaded cost_focus.csv: restated delivery for 2024-01 – 2024-12');
  expect(await page.getAttribute('.app', 'data-files'), 'replaced, not added').toBe(files);
  await expect(page.locator('tr[data-file="cost_focus.csv"]')).toHaveCount(1);
  await page.screenshot({ path: join(repo, 'test-results/screens/data-duplicate-restated-light.png'), fullPage: true });
  await expect.poll(() => providerCost(page), { timeout: 30_000 }).not.toBe(before);
  const after = await providerCost(page);
  expect(tileMinor(after) - tileMinor(before), 'the restatement, not the sum of both').toBe(100n);

  // Remove the cost export: its rows leave every table, the analyses run again.
  await gotoScreen(page, 'data');
  await page.click('button[aria-label="Remove cost_focus.csv"]');
  await expect(page.locator('[data-testid="data-notices"] [data-notice="removed"]')).toContainText('Removed cost_focus.csv');
  await waitSettled(page);
  expect(Number(await page.getAttribute('.app', 'data-files'))).toBe(Number(files) - 1);
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', 'SELECT count(*) AS n FROM cost_lines');
  await page.click('[data-testid="sql-run"]');
  await expect(page.locator('[data-testid="sql-grid"] [role="gridcell"]').first()).toHaveText('0');

  // Close the demo company: nothing loaded, no restart.
  await gotoScreen(page, 'data');
  await page.click('[data-testid="close-samples"]');
  await expect(page.locator('.app')).toHaveAttribute('data-files', '0');
  await waitSettled(page);
  await expect(page.locator('[data-testid="loaded-files"]')).toHaveCount(0);
  await gotoScreen(page, 'sql');
  await page.fill(
    '#sql-text',
    'SELECT (SELECT count(*) FROM usage_events) + (SELECT count(*) FROM invoice_lines) + (SELECT count(*) FROM price_book) + (SELECT count(*) FROM cost_tags) AS n',
  );
  await page.click('[data-testid="sql-run"]');
  await expect(page.locator('[data-testid="sql-grid"] [role="gridcell"]').first()).toHaveText('0');
  // The demo can be opened again from the samples panel.
  await gotoScreen(page, 'data');
  await expect(page.locator('[data-testid="more-samples"]')).toContainText('cost_focus.csv');
  expect(errors, 'uncaught page errors').toEqual([]);
  await context.close();
});
