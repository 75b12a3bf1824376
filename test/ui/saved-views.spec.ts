/**
 * Saved views of the cost explorer, by keyboard: save what is shown (range, granularity, grouping,
 * filter, cost metric, shared cost rule) under a name, change everything, apply the view back and
 * get the same table; rename it; reload the page (no Save pressed) and find it again; delete it
 * (and the autosaved list the next start reads is empty).
 * Runs in its own browser context, so its reloads and saved views stay out of the shared page.
 */
import type { Page } from '@playwright/test';
import { expect, test, baseUrl } from './fixtures';
import { gotoScreen, gridRows, openApp, waitSettled } from './app-helpers';

async function shownState(page: Page) {
  return {
    range: await page.inputValue('select[aria-label="Range"]'),
    month: await page.inputValue('select[aria-label="Month"]').catch(() => null),
    groupBy: await page.inputValue('select[aria-label="Group by"]'),
    granularity: await page.textContent('[aria-label="Granularity"] [aria-checked="true"]'),
    metric: await page.textContent('[aria-label="Cost"] [aria-checked="true"]'),
    split: await page.textContent('[aria-label="Shared cost"] [aria-checked="true"]').catch(() => null),
    filters: await page.locator('[data-testid="filter-chip"]').allTextContents(),
  };
}

const viewNames = (page: Page) => page.locator('[data-testid="saved-view"] .view-apply').allTextContents();

test('saved views: save, apply, rename by keyboard; they survive a reload; delete', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openApp(page, baseUrl());
  await gotoScreen(page, 'explorer');
  await page.selectOption('select[aria-label="Range"]', 'month');
  await page.selectOption('select[aria-label="Month"]', '2024-03');
  await page.click('[aria-label="Granularity"] button:has-text("Week")');
  await page.selectOption('select[aria-label="Group by"]', 'tag:customer');
  await page.click('[aria-label="Cost"] button:has-text("Actual")');
  await page.click('[aria-label="Shared cost"] button:has-text("Evenly")');
  await page.click('button:has-text("+ Filter")');
  const editor = page.locator('[data-testid="filter-editor"]');
  await editor.locator('select[aria-label="Filter dimension"]').selectOption('column:ServiceName');
  await editor.locator('select[aria-label="Filter mode"]').selectOption('exclude');
  await editor.locator('.filter-values input').first().check();
  await editor.locator('button:has-text("Apply filter")').click();
  await expect(page.locator('[data-testid="explorer"]')).toHaveAttribute('data-loading', 'false');
  const saved = await shownState(page);
  const table = await gridRows(page, 'explorer-grid');
  expect(saved.split).toBe('Evenly');
  expect(saved.filters).toHaveLength(1);

  // Save by keyboard: the name field, Enter.
  await page.focus('input[aria-label="View name"]');
  await page.keyboard.type('March by customer');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="saved-views"] [role="status"]')).toHaveText('View “March by customer” saved.');
  expect(await viewNames(page)).toEqual(['March by customer']);
  await expect(page.locator('.view-apply[aria-current="true"]')).toHaveText('March by customer');

  // Change everything, then apply the view with Enter on its button.
  await page.click('[data-testid="filter-chip"] button');
  await page.selectOption('select[aria-label="Group by"]', 'column:RegionId');
  await page.selectOption('select[aria-label="Range"]', 'all');
  await page.click('[aria-label="Granularity"] button:has-text("Day")');
  await page.click('[aria-label="Cost"] button:has-text("Amortized")');
  await expect(page.locator('.view-apply[aria-current="true"]')).toHaveCount(0);
  await page.focus('.view-apply');
  await page.keyboard.press('Enter');
  await expect.poll(() => shownState(page)).toEqual(saved);
  await expect(page.locator('[data-testid="explorer"]')).toHaveAttribute('data-loading', 'false');
  expect(await gridRows(page, 'explorer-grid')).toEqual(table);

  // Rename: Tab to its rename button, Enter, a new name, Enter; Escape in another rename keeps the name.
  await page.focus('.view-apply');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', 'Rename view March by customer');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Customers, March');
  await page.keyboard.press('Enter');
  expect(await viewNames(page)).toEqual(['Customers, March']);
  await expect(page.locator(':focus')).toHaveText('Customers, March');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.keyboard.type(' draft');
  await page.keyboard.press('Escape');
  expect(await viewNames(page)).toEqual(['Customers, March']);

  // A reload without saving anything: the view is still there and applies.
  await page.selectOption('select[aria-label="Group by"]', 'column:RegionId');
  await page.reload();
  await waitSettled(page);
  await gotoScreen(page, 'explorer');
  await expect.poll(() => viewNames(page)).toEqual(['Customers, March']);
  await page.click('.view-apply');
  await expect.poll(() => shownState(page)).toEqual(saved);
  await expect(page.locator('[data-testid="explorer"]')).toHaveAttribute('data-loading', 'false');
  expect(await gridRows(page, 'explorer-grid')).toEqual(table);

  // Delete by keyboard; gone after a reload too.
  await page.focus('[aria-label="Delete view Customers, March"]');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="saved-view"]')).toHaveCount(0);
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', 'View name');
  // What the next start reads: the autosaved list, now empty.
  await expect
    .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('finops-workbench.autosave.explorer-views.json') ?? 'null')?.views))
    .toEqual([]);
  await context.close();
});
