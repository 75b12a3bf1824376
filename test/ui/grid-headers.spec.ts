/**
 * Column headers are read whole: on the cost explorer's table and the unit economics grids every
 * header label (its sort mark included once sorted) fits its column at the default widths.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gotoScreen, sortGrid } from './app-helpers';

/** Header labels cut short (ellipsis) in the grid `testId`. */
async function cutHeaders(page: Page, testId: string): Promise<string[]> {
  await page.waitForSelector(`[data-testid="${testId}"] [role="grid"][aria-busy="false"]`);
  return page.$$eval(`[data-testid="${testId}"] [role="columnheader"] button`, (bs) =>
    bs.filter((b) => b.scrollWidth > b.clientWidth).map((b) => (b.textContent ?? '').trim()),
  );
}

test('grid headers fit their columns: explorer table (sorted or not) and unit economics', async ({ app: page }) => {
  await gotoScreen(page, 'explorer');
  expect(await cutHeaders(page, 'explorer-grid'), 'explorer table').toEqual([]);
  await sortGrid(page, 'explorer-grid', 'Currency', 'descending');
  expect(await cutHeaders(page, 'explorer-grid'), 'explorer table sorted by currency').toEqual([]);
  await sortGrid(page, 'explorer-grid', 'Cost', 'descending');
  await gotoScreen(page, 'margin');
  await page.click('[aria-label="Margin view"] button:has-text("Unit economics")');
  for (const id of ['unit-grid', 'unit-customer-grid']) {
    await page.waitForSelector(`[data-testid="${id}"]`);
    expect(await cutHeaders(page, id), id).toEqual([]);
  }
  await page.click('[aria-label="Margin view"] button:has-text("Margin")');
});
