/**
 * The anomaly screen's chart against its text, for the demo's top three findings, in light and
 * dark (screenshots in test-results/screens, for people to look at): the points ECharts marks
 * are the detector's flagged points, the finding's days add up to the actual and expected the
 * text states, and the y-axis fits the data, not the band.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gotoScreen, gridHeaders, gridRows } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(repo, 'test-results/screens');
const detail = '[data-testid="anomaly-detail"]';
const num = (s: string) => Number(s.replace(/,/g, ''));

interface Row {
  day: string;
  actual: number;
  expected: number;
  flagged: boolean;
}

async function chartRows(page: Page): Promise<Row[]> {
  const toggle = `${detail} [data-testid="anomaly-chart"] .chart-head button`;
  if ((await page.getAttribute(toggle, 'aria-expanded')) !== 'true') await page.click(toggle);
  await page.waitForSelector(`${detail} [data-testid="chart-table"] tbody tr`);
  const rows = await page.$$eval(`${detail} [data-testid="chart-table"] tbody tr`, (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => c.textContent ?? '')),
  );
  await page.click(toggle);
  await page.waitForSelector(`${toggle}[aria-expanded="false"]`);
  return rows.map((r) => ({ day: r[0], actual: num(r[1]), expected: num(r[2]), flagged: r[4] === '▲ flagged' }));
}

async function detailValue(page: Page, term: string): Promise<string> {
  return page.$eval(
    `${detail} dl`,
    (dl, t) => {
      const dt = Array.from(dl.querySelectorAll('dt')).find((d) => d.textContent === t);
      return dt?.nextElementSibling?.textContent ?? '';
    },
    term,
  );
}

test('anomaly chart: marks, band and text agree for the top three findings (screenshots)', async ({ app: page }) => {
  mkdirSync(dir, { recursive: true });
  await gotoScreen(page, 'anomalies');
  const rowCount = (await gridRows(page, 'anomaly-grid')).length;
  expect(rowCount, 'the demo has at least three findings').toBeGreaterThanOrEqual(3);
  for (const theme of ['light', 'dark'] as const) {
    if ((await page.getAttribute('html', 'data-theme')) !== theme) await page.click('.topbar button[aria-label^="Switch to"]');
    const grid = await gridRows(page, 'anomaly-grid');
    const fromCol = (await gridHeaders(page, 'anomaly-grid')).indexOf('From (UTC)');
    for (let k = 0; k < 3; k++) {
      // Row k of the ranked list (aria-rowindex counts the header as 1), opened with Enter.
      const indexes = await page.$$eval('[data-testid="anomaly-grid"] .grid-body [role="row"]', (r) =>
        r.map((x) => Number(x.getAttribute('aria-rowindex'))).sort((a, b) => a - b),
      );
      await page.click(`[data-testid="anomaly-grid"] .grid-body [role="row"][aria-rowindex="${indexes[k]}"] [role="gridcell"]`);
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await detailValue(page, 'When (UTC)')).split(' – ')[0].trim()).toBe(grid[k][fromCol]);
      await page.waitForSelector(`${detail} [role="img"][data-marked] svg`);
      const [from, to] = (await detailValue(page, 'When (UTC)')).split(' – ').map((s) => s.trim());
      await expect(page.locator(`${detail} h2`).first()).toBeVisible();
      const rows = await chartRows(page);
      const what = `${theme} finding ${k + 1} (${from} – ${to})`;
      // Marked points: exactly the flagged ones, read back from what ECharts drew.
      const marked = (await page.getAttribute(`${detail} [role="img"]`, 'data-marked'))!.split(',').filter(Boolean);
      expect(marked, `${what}: marked points`).toEqual(rows.filter((r) => r.flagged).map((r) => r.day));
      // The finding starts and ends on flagged points, all on the side its impact says.
      const inside = rows.filter((r) => r.day >= from && r.day <= to);
      expect(inside.length, `${what}: its days are charted`).toBeGreaterThan(0);
      expect(marked, `${what}: first and last day marked`).toEqual(expect.arrayContaining([from, to]));
      const [actual, expected] = (await detailValue(page, 'Actual / expected')).split(' / ').map(num);
      const up = actual >= expected;
      for (const r of inside.filter((x) => x.flagged)) expect(r.actual >= r.expected, `${what}: ${r.day} on the finding's side`).toBe(up);
      // The text's actual and expected are the sums of the charted days (both rounded to 2 decimals).
      const sum = (f: (r: Row) => number) => inside.reduce((a, r) => a + f(r), 0);
      expect(Math.abs(sum((r) => r.actual) - actual), `${what}: actual`).toBeLessThanOrEqual(0.01 * inside.length);
      expect(Math.abs(sum((r) => r.expected) - expected), `${what}: expected`).toBeLessThanOrEqual(0.01 * inside.length);
      // The y-axis fits the data (actual and expected), not the band.
      const [yMin, yMax] = (await page.getAttribute(`${detail} [role="img"]`, 'data-y-range'))!.split(',').map(Number);
      const values = rows.flatMap((r) => [r.actual, r.expected]);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      expect(yMin, `${what}: y-axis floor`).toBeLessThanOrEqual(lo);
      expect(yMax, `${what}: y-axis top`).toBeGreaterThanOrEqual(hi);
      expect(yMax - yMin, `${what}: y-axis span`).toBeLessThanOrEqual((hi - Math.min(lo, 0)) * 1.25 + 0.05);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(dir, `anomaly-top${k + 1}-${theme}.png`) });
    }
  }
});
