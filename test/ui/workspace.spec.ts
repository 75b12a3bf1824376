/** Workspaces: save through the HostBridge (browser: localStorage), reload, get the same state back. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { gotoScreen, waitSettled } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('a saved workspace restores files, period and review decisions after a restart', async ({ app: page }) => {
  // Runs last on the shared page: the reload restarts the app from the saved workspace.
  const files = await page.getAttribute('.app', 'data-files');
  const periods = await page.$$eval('select[aria-label="Period"] option', (o) => o.map((x) => (x as HTMLOptionElement).value));
  const period = periods.find((p) => p !== 'all');
  expect(period, 'a period to select').toBeTruthy();
  await page.selectOption('select[aria-label="Period"]', period!);
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
  expect(await page.getAttribute('.app', 'data-files'), 'same files reopened').toBe(files);
  expect(await page.inputValue('select[aria-label="Period"]'), 'period restored').toBe(period);
  if (approved) {
    await gotoScreen(page, 'proposals');
    await page.waitForSelector(`tr[data-proposal="${approved}"][data-state="approved"]`, { timeout: 20_000 });
    expect(await page.inputValue('#reviewer'), 'reviewer restored').toBe('W. Space');
    await page.focus(`tr[data-proposal="${approved}"]`);
    await page.keyboard.press('u');
  }
  await page.selectOption('select[aria-label="Period"]', 'all');
});

test('a CSV in an unknown layout can be mapped to usage events and then loads (runs last: adds data)', async ({ app: page }) => {
  const dir = join(repo, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'meter-export.csv');
  const rows = ['txn,client,product,when,units'];
  for (let i = 1; i <= 25; i++) rows.push(`t${i},cust-${i % 3},api_calls,2024-03-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z,${i}`);
  writeFileSync(file, rows.join('\n') + '\n');
  const before = Number(await page.getAttribute('.app', 'data-files'));
  await gotoScreen(page, 'data');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await chooser.setFiles(file);
  const card = '[data-testid="load-errors"] .card[data-file="meter-export.csv"]';
  await page.click(`${card} [data-testid="map-columns"]`, { timeout: 30_000 });
  await page.waitForSelector('[role="dialog"][aria-label^="Map the columns"]');
  // The guesses: txn -> event id needs choosing, the rest by name.
  await page.selectOption('#map-event_id', 'txn');
  await page.selectOption('#map-customer_id', 'client');
  await page.selectOption('#map-sku', 'product');
  await page.selectOption('#map-ts', 'when');
  await page.selectOption('#map-quantity', 'units');
  await page.click('[role="dialog"] button[type="submit"]');
  await page.waitForSelector('tr[data-file="meter-export.csv"]', { timeout: 30_000 });
  await page.waitForSelector('.app[data-busy="false"]');
  expect(Number(await page.getAttribute('.app', 'data-files')), 'one more file loaded').toBe(before + 1);
  const cells = await page.$$eval('tr[data-file="meter-export.csv"] td', (t) => t.map((x) => x.textContent ?? ''));
  expect(cells[3], 'rows loaded').toBe('25');
  expect(cells[2], 'format').toContain('usage-csv');
  expect((await page.textContent('[data-testid="settings-line"]')) ?? '', 'profile listed').toContain('meter-export (usage)');
  expect(await page.$(card), 'the error card is gone').toBeNull();
});
