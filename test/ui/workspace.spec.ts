/** Workspaces: save through the HostBridge (browser: localStorage), reload, get the same state back. */
import { assert, assertEqual, test } from './harness';
import { gotoScreen, sharedApp, waitSettled } from './app-helpers';

test('a saved workspace restores files, period and review decisions after a restart', async ({ browser, baseUrl }) => {
  // Runs last on the shared page: the reload restarts the app from the saved workspace.
  const page = await sharedApp(browser, baseUrl);
  const files = await page.getAttribute('.app', 'data-files');
  const periods = await page.$$eval('select[aria-label="Period"] option', (o) => o.map((x) => (x as HTMLOptionElement).value));
  const period = periods.find((p) => p !== 'all');
  assert(period, 'a period to select');
  await page.selectOption('select[aria-label="Period"]', period);
  await gotoScreen(page, 'proposals');
  const row = await page.$('[data-testid="review-queue"] tbody tr');
  let approved: string | null = null;
  if (row) {
    approved = await row.getAttribute('data-proposal');
    await page.fill('#reviewer', 'W. Space');
    await row.focus();
    await page.keyboard.press('a');
    await page.waitForSelector(`tr[data-proposal="${approved}"][data-state="approved"]`);
  }
  await gotoScreen(page, 'data');
  await page.click('[data-testid="save-workspace"]');
  await page.waitForSelector('text=Workspace saved');
  await page.reload();
  await waitSettled(page);
  assertEqual(await page.getAttribute('.app', 'data-files'), files, 'same files reopened');
  assertEqual(await page.inputValue('select[aria-label="Period"]'), period, 'period restored');
  if (approved) {
    await gotoScreen(page, 'proposals');
    await page.waitForSelector(`tr[data-proposal="${approved}"][data-state="approved"]`, { timeout: 20_000 });
    assertEqual(await page.inputValue('#reviewer'), 'W. Space', 'reviewer restored');
    await page.focus(`tr[data-proposal="${approved}"]`);
    await page.keyboard.press('u');
  }
  await page.selectOption('select[aria-label="Period"]', 'all');
});
