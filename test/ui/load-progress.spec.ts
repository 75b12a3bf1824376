/**
 * Progress you can read: a long load shows its bytes against the file's size with a percentage,
 * the rows the file holds (counted from its line breaks while it is hashed), the time in the stage
 * and the stages done; Cancel stops it. Figures are checked against the file on disk, read here.
 * The stall display (no progress for 10 s) is decided by load-progress.ts, tested in test/unit/renderer.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { gotoScreen, shootLightDark, writeBigCostCsv } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(repo, 'test-results/screens');

test('a long load shows bytes, rows, percentage and stages while it runs', async ({ app: page }) => {
  const file = writeBigCostCsv(repo, 'progress-cost.csv');
  const text = readFileSync(file, 'utf8');
  const dataRows = text.split('\n').filter((l) => l !== '').length - 1;
  const mb = `${(statSync(file).size / 1e6).toFixed(1)} MB`;
  await gotoScreen(page, 'data');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await chooser.setFiles(file);
  const figures = page.getByTestId('load-progress-figures');
  await expect(figures).toContainText(`≈ ${dataRows.toLocaleString('en-US')} rows in the file`, { timeout: 60_000 });
  await expect(figures, 'the file size, read while hashing').toContainText(mb);
  await expect(figures).toContainText(/\d+ s in this stage/);
  await expect(page.getByTestId('load-stages')).toContainText('✓ Checking whether it is loaded already');
  await expect(page.getByTestId('load-progress')).toHaveAttribute('data-state', /^(progressing|stalled)$/);
  await shootLightDark(page, shots, 'load-progress');
  // Cancel while it runs (load-cancel.spec.ts holds what a cancelled load shows). The screenshots
  // above take seconds, so on a fast machine the load may finish first: either way the shared page
  // is left without this file.
  await page.click('[data-testid="cancel-load"]');
  await page.waitForSelector('.app[data-busy="false"]', { timeout: 90_000 });
  const card = page.locator('.card[data-file="progress-cost.csv"]');
  if (await card.count()) {
    expect(await card.textContent()).toMatch(/cancelled/i);
    await card.locator('button:has-text("Dismiss")').click();
    await expect(card).toHaveCount(0);
  }
  // A load that finished before Cancel is removed. The removal runs in the load queue after the
  // click (busy may still read false for a moment), and a click landing while the analyses re-render
  // the row may be lost: clicked again until the row is gone (a second removal of a gone file is a no-op).
  const row = page.locator('[data-testid="loaded-files"] tr[data-file="progress-cost.csv"]');
  await expect(async () => {
    if (await row.count()) await page.click('button[aria-label="Remove progress-cost.csv"]', { timeout: 10_000 });
    await expect(row).toHaveCount(0, { timeout: 20_000 });
  }).toPass({ timeout: 120_000 });
  await page.waitForSelector('.app[data-busy="false"]', { timeout: 90_000 });
});
