/**
 * The UI tests' fixtures on top of @playwright/test. `app` is one app page per worker, shared by
 * the tests of that worker: start-up compiles 34 MB of wasm and loads every sample, so a fresh
 * page per test would dominate the run. Each test gets it on the Overview in the light theme; an
 * uncaught page error fails the test it happens in. Files run in name order within a worker, so
 * a file that leaves data behind (workspace.spec.ts) sorts last.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { APP_VIEWPORT } from './chromium';
import { gotoScreen, openApp, waitSettled } from './app-helpers';

interface AppPage {
  page: Page;
  errors: string[];
}

/** Set by the web server's start-up line (playwright.config.ts, webServer.wait). */
export function baseUrl(): string {
  const url = process.env.UI_BASE_URL;
  if (!url) throw new Error('UI_BASE_URL is not set: run the UI tests with `npm run test:ui`');
  return url;
}

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export const test = base.extend<{ app: Page }, { appPage: AppPage }>({
  page: async ({ page }, use) => {
    const errors = collectPageErrors(page);
    await use(page);
    expect(errors, 'uncaught page errors').toEqual([]);
  },
  appPage: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ viewport: APP_VIEWPORT, colorScheme: 'light' });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await openApp(page, baseUrl());
      await use({ page, errors });
      await context.close();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  app: async ({ appPage }, use) => {
    const { page, errors } = appPage;
    expect(errors, 'uncaught page errors').toEqual([]);
    await waitSettled(page);
    if ((await page.getAttribute('html', 'data-theme')) !== 'light') await page.click('.topbar button[aria-label^="Switch to"]');
    await gotoScreen(page, 'overview');
    await use(page);
    expect(errors, 'uncaught page errors').toEqual([]);
  },
});

export { expect };
