/**
 * The edit dialog refuses a bad amount without losing what was typed: it stays open, the reason
 * stands beside the field and names the customer; a valid edit then saves and closes. Runs on its
 * own page, since a saved edit stays in the review workspace.
 */
import { expect, test, baseUrl } from './fixtures';
import { gotoScreen, openApp } from './app-helpers';

test('a refused edit keeps the dialog, the typed values and names the customer', async ({ page }) => {
  await openApp(page, baseUrl());
  await gotoScreen(page, 'proposals');
  const row = page
    .locator('[data-testid="review-queue"] tbody tr')
    .filter({ hasNot: page.locator('td', { hasText: '(no customer)' }) })
    .first();
  const id = (await row.getAttribute('data-proposal'))!;
  const customer = (await row.locator('td').nth(2).textContent())!;
  const currency = (await row.locator('td').nth(6).textContent())!;
  await page.fill('#reviewer', 'E. Ditor');
  await row.focus();
  await page.keyboard.press('e');
  const dialog = page.locator('[role="dialog"][aria-label="Edit proposal"]');
  await dialog.waitFor();
  const amount = dialog.getByLabel(`Amount (${currency})`);
  const memo = dialog.getByLabel('Memo');
  await amount.fill('12.345');
  await memo.fill('typed memo that must survive');
  await dialog.getByLabel('Reason for the change (recorded)').fill('customer called');
  await amount.press('Enter');

  const error = dialog.locator('#edit-amount-error');
  await error.waitFor();
  const text = (await error.textContent()) ?? '';
  expect(text, 'names the customer').toContain(customer);
  expect(text, 'says what is expected').toMatch(/at most 2 decimals/);
  expect(text, 'no proposal id').not.toContain(id);
  expect(await dialog.isVisible(), 'dialog still open').toBe(true);
  expect(await amount.inputValue(), 'amount as typed').toBe('12.345');
  expect(await memo.inputValue(), 'memo as typed').toBe('typed memo that must survive');
  expect(await amount.getAttribute('aria-invalid'), 'amount marked invalid').toBe('true');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby')), 'focus on the field to fix').toBe('edit-amount-error');
  expect(await page.locator('main .card.error').count(), 'no page-level alert instead').toBe(0);

  await amount.fill('0');
  await amount.press('Enter');
  await expect(error).toContainText('greater than zero');
  expect(await dialog.isVisible()).toBe(true);

  await amount.fill('1.00');
  await amount.press('Enter');
  await page.waitForSelector(`tr[data-proposal="${id}"][data-state="edited"]`);
  expect(await dialog.count(), 'dialog closed after the edit was recorded').toBe(0);
  const memoCol = (await page.locator('[data-testid="review-queue"] thead th').allTextContents()).findIndex((h) => h.startsWith('Memo'));
  expect(await row.locator('td').nth(memoCol).textContent(), 'memo saved').toBe('typed memo that must survive');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-proposal'))).toBe(id);
});
