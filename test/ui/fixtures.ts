/**
 * The UI tests' fixtures on top of @playwright/test. `app` is one app page per worker, shared by
 * the tests of that worker: start-up compiles 34 MB of wasm and loads every sample, so a fresh
 * page per test would dominate the run. Each test gets it on the Overview in the light theme, over all periods; an
 * uncaught page error fails the test it happens in. Files run in name order within a worker, so
 * a file that leaves data behind (workspace.spec.ts) sorts last. `contract` is the engine-contract
 * page, likewise one per worker.
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

/** The engine-contract page (test/ui/contract-page) once its contract cases have run. */
async function openContractPage(page: Page): Promise<void> {
  await page.goto(`${baseUrl()}/contract/`);
  await page.waitForFunction(() => (window as unknown as { __contract?: unknown }).__contract !== undefined, null, { timeout: 60_000 });
}

export const test = base.extend<{ app: Page; contract: Page }, { appPage: AppPage; contractPage: AppPage }>({
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
  // The contract page, shared like the app page: its cases run once at load, and each of its
  // __analyzeFiles calls starts an engine of its own.
  contractPage: [
    async ({ browser }, use) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await openContractPage(page);
      await use({ page, errors });
      await context.close();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  contract: async ({ contractPage }, use) => {
    const { page, errors } = contractPage;
    expect(errors, 'uncaught page errors').toEqual([]);
    await use(page);
    expect(errors, 'uncaught page errors').toEqual([]);
  },
  app: async ({ appPage }, use) => {
    const { page, errors } = appPage;
    expect(errors, 'uncaught page errors').toEqual([]);
    await waitSettled(page);
    if ((await page.getAttribute('html', 'data-theme')) !== 'light') await page.click('.topbar button[aria-label^="Switch to"]');
    // A month picked in the cost explorer is the top bar's period too: start each test on all of them.
    if ((await page.inputValue('select[aria-label="Period"]')) !== 'all') {
      await page.selectOption('select[aria-label="Period"]', 'all');
      await waitSettled(page);
    }
    await gotoScreen(page, 'overview');
    await use(page);
    expect(errors, 'uncaught page errors').toEqual([]);
  },
});

export { expect };
