/**
 * The Data screen's Warehouse panel in the `npm start` browser fallback: a chDB database made here
 * from a generated scenario, read through the panel by the host's native engine (pushdown in the
 * host, the run on the staged usage), gives the reconciliation figures of the same scenario opened
 * as files, and a proposal's evidence (its reconciliation row, the events it names, the row's
 * events and invoice lines) shows the file run's rows, the events asked of the warehouse on
 * demand. A saved workspace reloads its data from the warehouse with its decisions; one whose
 * warehouse cannot be reached asks for the password, says so in one line and keeps the decisions.
 * The password typed in the panel never reaches the page's storage or a message. Skipped, saying
 * so, without chdb (.ci/run installs it: npm install --no-save chdb@3.4.0).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { expect, test, baseUrl } from './fixtures';
import { gotoScreen, gridRows, openFilesAndSettle, startFallbackServer, startWithoutDemo, waitSettled } from './app-helpers';
import { createNativeEngine } from '../../src/engine/node-native-engine';
import { loadChdb, openChdb } from '../../src/warehouse/node-chdb-client';
import { writeScenario } from '../../scripts/gen-scenario';
import { loadFile } from '../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../src/ingest/registry';
import { parseBillingConfig } from '../../src/model/mappings';
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
  // The canonical tables only: the analysis runs in the pages.
  const files = inputFiles(dir);
  const adapters = createAdapterRegistry(parseBillingConfig(files.find((f) => f.name === 'config.json')!.text, 'config.json'));
  for (const f of files.filter((x) => x.name !== 'config.json'))
    await loadFile(engine, { name: f.name, adapters, source: { kind: 'buffer', data: new TextEncoder().encode(f.text) } });
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
  const context = await browser.newContext();
  await startWithoutDemo(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(at);
  await waitSettled(page);
  await gotoScreen(page, 'data');
  await expect(page.getByTestId('loaded-files')).toHaveCount(0);
  return { page, errors };
}

const openFiles = (page: Page, names: string[]) =>
  openFilesAndSettle(
    page,
    names.map((n) => path.join(dir, n)),
  );

/** The reconciliation screen's figures. */
async function reconciliation(page: Page): Promise<string> {
  await gotoScreen(page, 'reconciliation');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .cell.pending'));
  return page.getByTestId('recon-summary').innerText();
}

const EVIDENCE_GRIDS = ['evidence-named-events', 'evidence-usage-events', 'evidence-invoice-lines'];

/** A proposal's evidence as shown: its reconciliation row, then each source grid's row count and the rows on screen. */
async function evidence(page: Page, proposal: string): Promise<string[]> {
  await gotoScreen(page, 'proposals');
  await page.locator(`tr[data-proposal="${proposal}"]`).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('proposal-evidence')).toHaveAttribute('data-proposal', proposal);
  await expect(page.getByTestId('evidence-reconciliation').locator('[data-field="status"]')).toBeVisible();
  const shown = [await page.getByTestId('evidence-reconciliation').innerText()];
  for (const id of EVIDENCE_GRIDS) {
    const rows = await gridRows(page, id);
    const count = Number(await page.getAttribute(`[data-testid="${id}"] [role="grid"]`, 'aria-rowcount')) - 1;
    shown.push(`${id}: ${count} rows`, ...rows.map((r) => r.join(' | ')));
  }
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('review-queue')).toBeVisible();
  return shown;
}

/** The margin grid as shown (customer × SKU rows of the chosen period). */
async function marginRows(page: Page): Promise<string[]> {
  await gotoScreen(page, 'margin');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .cell.pending'));
  return (await gridRows(page, 'margin-grid')).map((r) => r.join(' | '));
}

async function saveWorkspace(page: Page): Promise<void> {
  await gotoScreen(page, 'data');
  await page.getByTestId('save-workspace').click();
  await expect(page.getByText('Workspace saved')).toBeVisible();
}

test('the Warehouse panel reads a chDB database through the host: the file run’s reconciliation and evidence, restored with the workspace', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const files = await freshPage(browser, baseUrl());
  await openFiles(
    files.page,
    inputFiles(dir).map((f) => f.name),
  );
  const fromFiles = await reconciliation(files.page);
  expect(fromFiles).toMatch(/\d/);
  const fileMargin = await marginRows(files.page);
  expect(fileMargin.length).toBeGreaterThan(0);
  // A proposal whose finding names its events: the drill shows those, the row's events and its invoice lines.
  await gotoScreen(files.page, 'proposals');
  await files.page.selectOption('select[aria-label="Finding filter"]', 'duplicate_event');
  const proposal = (await files.page.locator('[data-testid="review-queue"] tbody tr').first().getAttribute('data-proposal'))!;
  await files.page.selectOption('select[aria-label="Finding filter"]', '');
  const fileEvidence = await evidence(files.page, proposal);
  expect(
    fileEvidence.filter((l) => /rows$/.test(l)).every((l) => !/: 0 rows$/.test(l)),
    fileEvidence.join('\n'),
  ).toBe(true);
  await files.page.context().close();

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
  // The margin from the cost aggregates the warehouse staged (the cost lines stayed there).
  expect(await marginRows(page)).toEqual(fileMargin);

  // Evidence on demand: the events stayed in the warehouse, and the drill asks it for them.
  expect(await evidence(page, proposal)).toEqual(fileEvidence);
  await gotoScreen(page, 'proposals');
  await page.locator(`tr[data-proposal="${proposal}"]`).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('evidence-usage-events-warehouse')).toContainText(`queried from chdb://${folder}?database=billing`);
  await page.keyboard.press('Escape');

  // A decision, the workspace saved, the page reloaded: the data comes back from the warehouse, the decision with it.
  await page.fill('#reviewer', 'W. Arehouse');
  await page.locator(`tr[data-proposal="${proposal}"]`).focus();
  await page.keyboard.press('a');
  await expect(page.locator(`tr[data-proposal="${proposal}"]`)).toHaveAttribute('data-state', 'approved');
  await saveWorkspace(page);
  await page.reload();
  await waitSettled(page, 180_000);
  await expect(page.getByTestId('warehouse-loaded')).toContainText(`chdb://${folder}?database=billing`);
  await expect.poll(() => reconciliation(page), { timeout: 120_000 }).toEqual(fromFiles);
  await gotoScreen(page, 'proposals');
  await expect(page.locator(`tr[data-proposal="${proposal}"]`)).toHaveAttribute('data-state', 'approved');

  // A workspace whose warehouse cannot be reached: the password is asked for (none held for that source), the failure said
  // in one line without it, the decisions kept and the app usable.
  await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => /workspace$/.test(k))!;
    const ws = JSON.parse(localStorage.getItem(key)!);
    ws.state.warehouse = { ...ws.state.warehouse, kind: 'clickhouse', url: 'http://127.0.0.1:9' };
    localStorage.setItem(key, JSON.stringify(ws));
  });
  await page.reload();
  await waitSettled(page, 180_000);
  const unreachable = 'clickhouse://default@127.0.0.1:9/billing';
  await expect(page.getByTestId('warehouse-restore-badge')).toBeVisible();
  await gotoScreen(page, 'data');
  await expect(page.getByTestId('warehouse-restore')).toHaveAttribute('data-status', 'password');
  await expect(page.getByTestId('warehouse-restore')).toContainText(unreachable);
  await page.getByLabel('Password', { exact: true }).fill(SECRET);
  await page.getByRole('button', { name: 'Load from warehouse' }).click();
  await expect(page.getByTestId('warehouse-error')).toContainText(unreachable);
  expect(await page.getByTestId('warehouse-error').innerText()).not.toContain(SECRET);
  await gotoScreen(page, 'proposals');
  await expect(page.locator(`tr[data-proposal="${proposal}"]`)).toHaveAttribute('data-state', 'approved');

  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).toContain('billing');
  expect(stored).not.toContain(SECRET);
  expect(errors).toEqual([]);
  expect(files.errors).toEqual([]);
});
