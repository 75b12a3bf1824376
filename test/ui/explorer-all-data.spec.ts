/**
 * "All data" is every day with cost lines, so the span before it is empty: the explorer offers no
 * comparison there (no "compared with", no previous line on the totals, no previous-period columns)
 * and brings them back for a range that has a period before it.
 */
import { expect, test } from './fixtures';
import { gotoScreen, gridHeaders } from './app-helpers';

test('explorer: All data compares with nothing; a month compares with the month before', async ({ app: page }) => {
  await gotoScreen(page, 'explorer');
  await page.selectOption('select[aria-label="Range"]', 'all');
  await page.waitForSelector('[data-testid="explorer"][data-loading="false"]');
  await expect(page.locator('.subtitle')).not.toContainText('compared with');
  await expect(page.locator('[data-testid="explorer-totals"] .tile').first()).not.toContainText('previous');
  await expect.poll(() => gridHeaders(page, 'explorer-grid')).not.toContain('Previous period');
  for (const gone of ['Change', 'Change %']) expect(await gridHeaders(page, 'explorer-grid')).not.toContain(gone);

  await page.selectOption('select[aria-label="Range"]', 'month');
  await page.selectOption('select[aria-label="Month"]', '2024-03');
  await expect(page.locator('.subtitle')).toContainText('compared with 1 Feb 2024 – 29 Feb 2024');
  await expect(page.locator('[data-testid="explorer-totals"] .tile').first()).toContainText('previous');
  await expect.poll(() => gridHeaders(page, 'explorer-grid')).toEqual(expect.arrayContaining(['Previous period', 'Change', 'Change %']));
  await page.selectOption('select[aria-label="Range"]', 'all');
});
