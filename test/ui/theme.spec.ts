/** The theme switch is remembered across reloads (through the host bridge's settings); no data needed, so no demo. */
import type { Page } from '@playwright/test';
import { expect, test, baseUrl } from './fixtures';
import { openApp, startWithoutDemo, waitSettled } from './app-helpers';

const theme = (page: Page) => page.getAttribute('html', 'data-theme');

test('the chosen theme survives a reload', async ({ page }) => {
  await startWithoutDemo(page.context());
  await openApp(page, baseUrl());
  expect(await theme(page), 'starts from the system preference (light)').toBe('light');
  await page.click('.topbar button[aria-label^="Switch to"]');
  expect(await theme(page)).toBe('dark');
  await page.reload();
  await waitSettled(page);
  expect(await theme(page), 'dark after the reload').toBe('dark');
});
