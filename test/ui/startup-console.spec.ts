/**
 * A clean start: from page load until the Overview shows the analysed samples, the browser
 * console carries no engine error (queries on analysis tables wait for the run that creates them),
 * and the analyses ran once.
 */
import { baseUrl, expect, test } from './fixtures';
import { waitSettled } from './app-helpers';

test('start-up logs no Catalog Error (no query before its table exists)', async ({ page }) => {
  const messages: string[] = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  await page.goto(`${baseUrl()}/`);
  await waitSettled(page);
  await page.waitForSelector('[data-testid="screen-overview"] [data-testid="kpi-tiles"][aria-busy="false"]');
  await page.waitForSelector('[data-testid="kpi-revenue"]');
  expect(messages.filter((m) => /Catalog Error|does not exist/i.test(m))).toEqual([]);
  // The load queue runs the analyses once its start-up loads end; start-up itself adds no second run.
  expect(await page.getAttribute('.app', 'data-analysis-runs'), 'analysis runs at start-up').toBe('1');
});
