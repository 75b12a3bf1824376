/**
 * The Overview outside the months and currencies the data covers: an empty tile says where the
 * loaded data is (never "Load …" for a file that is loaded) and proposal totals follow the period.
 * A fresh page: it loads one more month of cost, which the shared app page must not see.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseUrl, expect, test } from './fixtures';
import { gotoScreen, openFilesAndSettle, waitSettled } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Two demo cost lines moved to January 2025 (the demo covers 2024). */
function aprilCostFile(): string {
  const [header, ...rows] = readFileSync(join(repo, 'samples/demo/cost_focus.csv'), 'utf8').trim().split('\n');
  const moved = rows.slice(0, 2).map((r) => r.replaceAll('2024-02', '2025-02').replaceAll('2024-01', '2025-01'));
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  const file = join(repo, 'test-results', 'cost-april.csv');
  writeFileSync(file, [header, ...moved].join('\n') + '\n');
  return file;
}

test('tiles outside the data say where it is; proposed credits and debits follow the period', async ({ page }) => {
  await page.goto(`${baseUrl()}/`);
  await waitSettled(page);
  await gotoScreen(page, 'data');
  await openFilesAndSettle(page, aprilCostFile());
  await gotoScreen(page, 'overview');
  const tile = async (id: string) => {
    await page.waitForSelector('[data-testid="kpi-tiles"][aria-busy="false"]');
    return page.textContent(`[data-testid="kpi-${id}"]`);
  };
  const allCredits = await tile('credits');
  expect(allCredits, 'the demo proposes credits').not.toBe('0.00USD');

  await page.selectOption('select[aria-label="Period"]', '2025-01');
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-provider-cost"]')?.textContent?.endsWith('USD'));
  expect(await tile('unattributed')).toBe('No usage in 2025-01 (usage loaded for 2024-01 to 2024-12, 12 months)');
  expect(await tile('recon-delta')).toBe('No USD invoices in 2025-01 (ledger loaded for 2024-01 to 2024-12, 12 months)');
  expect(await tile('credits'), 'no proposal is for January 2025').toBe('0.00USD');
  expect(await tile('debits'), 'no proposal is for January 2025').toBe('0.00USD');

  await page.selectOption('select[aria-label="Period"]', '2024-03');
  await page.selectOption('select[aria-label="Currency"]', 'JPY');
  await page.waitForFunction(() => !document.querySelector('[data-testid="kpi-revenue"]')?.textContent?.endsWith('USD'));
  expect(await tile('provider-cost')).toBe('No JPY cost in 2024-03 (cost loaded in USD)');
  expect(await tile('credits')).not.toContain('No proposals');
});
