/** A load the user cancels is reported as cancelled, in neutral colours, not as a failed file. */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { gotoScreen, writeBigCostCsv } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('a cancelled load shows as cancelled: no error card, no error badge, no "fix the file"', async ({ app: page }) => {
  const file = writeBigCostCsv(repo, 'cancelled-cost.csv');
  const errorsBefore = await page.getAttribute('.app', 'data-errors');
  // The shared page may already carry a failed file from an earlier spec: its badge is not this load's.
  const badge = page.locator('[data-testid="nav-data"] .badge');
  const badgeText = async () => ((await badge.count()) ? await badge.textContent() : null);
  const badgeBefore = await badgeText();
  await gotoScreen(page, 'data');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await chooser.setFiles(file);
  await page.waitForSelector('[data-testid="load-progress"] [role="progressbar"]');
  await page.click('[data-testid="cancel-load"]');
  const card = page.locator('.card[data-file="cancelled-cost.csv"]');
  await card.waitFor({ timeout: 30_000 });
  await page.waitForSelector('.app[data-busy="false"]');
  const text = (await card.textContent()) ?? '';
  expect(text, 'says cancelled').toMatch(/cancelled/i);
  expect(text, 'no instruction to fix the file').not.toMatch(/fix the file|was not loaded/i);
  expect(await card.getAttribute('class'), 'neutral card').toBe('card');
  expect(await card.getAttribute('role'), 'a status, not an alert').toBe('status');
  expect(await page.locator('[data-testid="load-errors"] .card[data-file="cancelled-cost.csv"]').count(), 'not among the failed files').toBe(0);
  expect(await badgeText(), 'no error badge on Data for this load').toBe(badgeBefore);
  expect(await page.getAttribute('.app', 'data-errors'), 'failures unchanged').toBe(errorsBefore);
  await card.locator('button:has-text("Dismiss")').click();
  await expect(card).toHaveCount(0);
});
