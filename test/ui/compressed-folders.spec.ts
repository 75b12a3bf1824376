/**
 * Deliveries as providers ship them, on the Data screen: a .csv.gz loads like its CSV, an export
 * folder is read by its manifests (the restated run loaded, the earlier one told as superseded),
 * and a file refused for undecidable locale dates loads once the date format is declared.
 * Runs on a page of its own (it changes the loaded data).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { baseUrl, expect, test } from './fixtures';
import { APP_VIEWPORT } from './chromium';
import { gotoScreen, openFilesAndSettle, openApp, waitSettled } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const deliveries = join(repo, 'test/fixtures/deliveries');

async function choose(page: Page, button: string, path: string): Promise<void> {
  await gotoScreen(page, 'data');
  await openFilesAndSettle(page, path, { button });
}

async function expectSql(page: Page, sql: string, value: string): Promise<void> {
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', sql);
  await page.click('[data-testid="sql-run"]');
  await expect(page.locator('[data-testid="sql-grid"] [role="gridcell"]').first()).toHaveText(value);
}

test('a .csv.gz, an export folder with a restated run, and a declared date format', async ({ browser }) => {
  const context = await browser.newContext({ viewport: APP_VIEWPORT, colorScheme: 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, baseUrl());

  await choose(page, 'open-files', join(deliveries, 'gzip/focus_sample.csv.gz'));
  await expect(page.locator('tr[data-file="focus_sample.csv.gz"]')).toHaveCount(1);
  await expectSql(page, "SELECT count(*) AS n FROM cost_lines WHERE source_file = 'focus_sample.csv.gz'", '1,000');

  await choose(page, 'open-folder', join(deliveries, 'azure-focus'));
  const notices = page.locator('[data-testid="data-notices"] [data-notice="folder"]');
  await expect(notices.filter({ hasText: 'delivery 22c2d1ef-8b5c-4d2f-ae4b-6c7d8e9f0a12' })).toContainText('2 files): loaded');
  await expect(notices.filter({ hasText: 'delivery 11b1c0fe-7a4b-4c1e-9d3a-5b6c7d8e9f01' })).toContainText('superseded by 22c2d1ef');
  const run2 = 'azure-focus/focus-cost/20240901-20240930/202410020544/22c2d1ef-8b5c-4d2f-ae4b-6c7d8e9f0a12';
  await expect(page.locator(`tr[data-file="${run2}/part_0_0001.csv.gz"]`)).toHaveCount(1, { timeout: 90_000 });
  await expect(page.locator(`tr[data-file="${run2}/part_1_0001.csv.gz"]`)).toHaveCount(1, { timeout: 90_000 });
  await waitSettled(page);
  await page.screenshot({ path: join(repo, 'test-results/screens/data-export-folder-light.png'), fullPage: true });
  await expectSql(page, "SELECT count(*) AS n FROM cost_lines WHERE source_file LIKE 'azure-focus/%'", '999');
  await expectSql(page, "SELECT count(*) AS n FROM cost_lines WHERE source_file LIKE '%11b1c0fe%'", '0');

  await choose(page, 'open-files', join(repo, 'test/fixtures/cells/focus-excel-us-dates.csv'));
  const card = page.locator('[data-testid="load-errors"] [data-file="focus-excel-us-dates.csv"]');
  await expect(card).toContainText('no day above 12 tells M/D/YYYY from D/M/YYYY');
  await card.locator('select').selectOption('M/D/YYYY');
  await card.locator('[data-testid="load-with-date-format"]').click();
  await waitSettled(page);
  await expect(page.locator('tr[data-file="focus-excel-us-dates.csv"]')).toHaveCount(1);
  await expectSql(page, "SELECT count(*) AS n FROM cost_lines WHERE source_file = 'focus-excel-us-dates.csv'", '4');
  expect(errors, 'uncaught page errors').toEqual([]);
  await context.close();
});
