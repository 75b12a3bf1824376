/**
 * The `npm start` browser fallback with the native engine: scripts/serve-fallback.mjs serves the
 * built app and the native engine on its loopback channel; the app, switched to the native
 * engine on the Data screen, loads the demo company there, and its figures match the wasm run's.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gotoScreen, startFallbackServer, waitSettled } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let server: ChildProcess;
let url: string;

test.beforeAll(async () => {
  ({ server, url } = await startFallbackServer(repo));
});
test.afterAll(() => {
  server?.kill('SIGTERM');
});

/** What the analyst reads: the loaded files with their totals, the overview tiles, the margin screen. */
async function figures(page: Page): Promise<Record<string, string>> {
  const text = (sel: string) => page.locator(sel).innerText();
  // The shared wasm page keeps the period an earlier spec chose: both pages are read over all periods.
  await page.selectOption('select[aria-label="Period"]', 'all');
  await gotoScreen(page, 'data');
  const files = await text('[data-testid="loaded-files"]');
  await gotoScreen(page, 'overview');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .cell.pending'));
  const tiles = await text('[data-testid="kpi-tiles"]');
  await gotoScreen(page, 'margin');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .cell.pending'));
  // The figures only: charts draw when their chunk has loaded, so their axis labels are left out.
  const margin = await page.locator('[data-testid="screen-margin"]').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const c of copy.querySelectorAll('svg, canvas, [class*="chart"]')) c.remove();
    document.body.append(copy);
    const t = copy.innerText;
    copy.remove();
    return t;
  });
  return { files, tiles, margin };
}

test('the app opens the demo on the native engine in the browser fallback, with the wasm figures', async ({ app: wasmPage, browser }) => {
  const wasm = await figures(wasmPage);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await waitSettled(page);
  await expect(page.getByTestId('engine-status')).toContainText('DuckDB in a worker');
  await gotoScreen(page, 'data');
  await page.getByLabel('Engine').selectOption('native');
  await page.waitForURL(url);
  await waitSettled(page);
  await expect(page.getByTestId('engine-status')).toContainText('native DuckDB on this computer');
  expect(await page.evaluate(() => localStorage.getItem('finops-workbench.engine'))).toBe('native');
  const native = await figures(page);
  expect(native.files).toContain('usage_cloudevents.ndjson');
  expect(native.margin).toMatch(/\d/);
  expect(native).toEqual(wasm);
  expect(errors).toEqual([]);
  await context.close();
});
