/**
 * The Data screen's Warehouse panel in the `npm start` browser fallback: a chDB database made here
 * from a generated scenario, read through the panel by the host's native engine (pushdown in the
 * host, the run on the staged usage), gives the reconciliation figures of the same scenario opened
 * as files. The password typed in the panel never reaches the page's storage. Skipped, saying so,
 * without chdb (.ci/run installs it: npm install --no-save chdb@3.4.0).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { expect, test, baseUrl } from './fixtures';
import { gotoScreen, startFallbackServer, waitSettled } from './app-helpers';
import { createNativeEngine } from '../../src/engine/node-native-engine';
import { loadChdb, openChdb } from '../../src/warehouse/node-chdb-client';
import { writeScenario } from '../../scripts/gen-scenario';
import { analyzeFiles } from '../run/analyze-files';
import { inputFiles } from '../run/cli-outputs';
import { copyToChdb } from '../unit/warehouse/chdb-scenario';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'pw-Never-In-The-Page-42';
const chdb = await loadChdb();
test.skip(!chdb, 'chdb is not installed (npm install --no-save chdb@3.4.0): the warehouse panel test needs a chDB database');

let server: ChildProcess;
let url: string;
let dir: string;
let folder: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = mkdtempSync(path.join(tmpdir(), 'finops-warehouse-ui-'));
  writeScenario(dir, { seed: 11 });
  folder = path.join(dir, 'chdata');
  const engine = await createNativeEngine({ memoryLimit: '1GB', threads: 1 });
  await analyzeFiles(engine, inputFiles(dir), 'config.json');
  const ch = await openChdb(folder);
  await copyToChdb(engine, ch, 'billing');
  await ch.close();
  await engine.close();
  ({ server, url } = await startFallbackServer(repo));
});
test.afterAll(() => {
  server?.kill('SIGTERM');
});

async function freshPage(browser: Browser, at: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(at);
  await waitSettled(page);
  await gotoScreen(page, 'data');
  await page.getByTestId('close-samples').click();
  await expect(page.getByTestId('close-samples')).toHaveCount(0);
  await waitSettled(page);
  return { page, errors };
}

async function openFiles(page: Page, names: string[]): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await chooser.setFiles(names.map((n) => path.join(dir, n)));
  // Settled only once the files are listed: before the load starts the page reads as settled too.
  for (const n of names.filter((x) => x !== 'config.json')) await expect(page.getByTestId('loaded-files')).toContainText(n, { timeout: 180_000 });
  if (names.includes('config.json')) await expect(page.getByTestId('screen-data')).toContainText('Settings from config.json');
  await waitSettled(page, 180_000);
}

/** The reconciliation screen's figures. */
async function reconciliation(page: Page): Promise<string> {
  await gotoScreen(page, 'reconciliation');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .cell.pending'));
  return page.getByTestId('recon-summary').innerText();
}

test('the Warehouse panel reads a chDB database through the host and gives the file run’s reconciliation', async ({ browser }) => {
  test.setTimeout(300_000);
  const files = await freshPage(browser, baseUrl());
  await openFiles(
    files.page,
    inputFiles(dir).map((f) => f.name),
  );
  const fromFiles = await reconciliation(files.page);
  expect(fromFiles).toMatch(/\d/);

  const { page, errors } = await freshPage(browser, url);
  await page.getByTestId('warehouse-panel').locator('summary').click();
  await expect(page.getByTestId('warehouse-needs-native')).toBeVisible();
  await page.getByTestId('warehouse-needs-native').getByRole('button', { name: 'Use the native engine' }).click();
  await page.waitForURL(url);
  await waitSettled(page);
  await gotoScreen(page, 'data');
  if (await page.getByTestId('close-samples').isVisible()) {
    await page.getByTestId('close-samples').click();
    await waitSettled(page);
  }
  await openFiles(page, ['config.json']);
  await page.getByTestId('warehouse-panel').locator('summary').click();
  await expect(page.getByTestId('warehouse-needs-native')).toHaveCount(0);
  await page.getByLabel('Source', { exact: true }).selectOption('chdb');
  await page.getByLabel('chDB path', { exact: true }).fill(folder);
  await page.getByLabel('Database', { exact: true }).fill('billing');
  await page.getByLabel('Password', { exact: true }).fill(SECRET);
  await page.getByRole('button', { name: 'Load from warehouse' }).click();
  await expect(page.getByTestId('warehouse-loaded')).toContainText(`chdb://${folder}?database=billing`, { timeout: 120_000 });
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await waitSettled(page, 180_000);
  // The run over the staged usage starts after the load reports: read until its figures are in (they must equal the file run's).
  await expect.poll(() => reconciliation(page), { timeout: 120_000 }).toEqual(fromFiles);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).toContain('billing');
  expect(stored).not.toContain(SECRET);
  expect(errors).toEqual([]);
  expect(files.errors).toEqual([]);
});
