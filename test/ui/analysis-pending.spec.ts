/**
 * Margin, Reconciliation and Anomalies opened before the first analysis run has written the
 * analysis_* tables: each says the analysis is running, and no query reaches a table that does
 * not exist yet (no Catalog Error in the console or on screen); the grids fill once the run ends.
 */
import { baseUrl, expect, test } from './fixtures';
import { waitSettled } from './app-helpers';

test('screens opened before the first analysis run wait for its tables', async ({ page }) => {
  const messages: string[] = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  await page.goto(`${baseUrl()}/`);
  await page.waitForSelector('.app[data-engine="ready"]', { timeout: 90_000 });
  const opened: string[] = [];
  for (const id of ['margin', 'reconciliation', 'anomalies']) {
    // Only a visit before the first run ends can reach a missing table.
    if ((await page.getAttribute('.app', 'data-analysis')) === 'done') break;
    await page.click(`[data-testid="nav-${id}"]`);
    await page.waitForSelector(`[data-testid="screen-${id}"]`);
    await expect(page.getByTestId('analysis-pending'), `${id} says the analysis is pending`).toBeVisible();
    opened.push(id);
  }
  expect(opened.length, 'screens visited before the first run finished').toBeGreaterThan(0);
  await waitSettled(page);
  await page.click('[data-testid="nav-margin"]');
  await page.waitForSelector('[data-testid="margin-grid"] [role="grid"][aria-busy="false"]');
  await expect(page.getByTestId('analysis-pending')).toHaveCount(0);
  expect(await page.locator('[data-testid="margin-grid"] .grid-body [role="row"]').count(), 'margin rows after the run').toBeGreaterThan(0);
  expect(messages.filter((m) => /Catalog Error|does not exist/i.test(m))).toEqual([]);
});
