/**
 * Sorting on every grid: after a header click the grid shows every row it showed before, each
 * exactly once, in the order of the column, including rows past the first fetched page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { allGridRows, gotoScreen, gridHeaders, sortGrid } from './app-helpers';
import { orderBreak, rowMultiset } from './grid-order';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(repo, 'test-results/screens');

interface SortCase {
  label: string;
  numeric: boolean;
}

/** Sorts `testId` by each case in both directions and checks order and row set against the unsorted read. */
async function checkSorts(page: Page, testId: string, cases: SortCase[], shot: string): Promise<void> {
  const before = await allGridRows(page, testId);
  expect(before.length, `${testId} has rows to sort`).toBeGreaterThan(1);
  const headers = await gridHeaders(page, testId);
  for (const c of cases) {
    const col = headers.findIndex((h) => h.replace(/ \(UTC\)$/, '') === c.label);
    expect(col, `${testId} has a "${c.label}" column (${headers.join(', ')})`).toBeGreaterThanOrEqual(0);
    for (const dir of ['descending', 'ascending'] as const) {
      await sortGrid(page, testId, c.label, dir);
      const rows = await allGridRows(page, testId);
      expect(rows.length, `${testId} by ${c.label} ${dir}: row count`).toBe(before.length);
      expect(orderBreak(rows, col, dir === 'descending', c.numeric), `${testId} by ${c.label} ${dir}: order`).toBeNull();
      expect(rowMultiset(rows), `${testId} by ${c.label} ${dir}: every row exactly once`).toEqual(rowMultiset(before));
    }
  }
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `sorted-${shot}.png`) });
}

test('Cost by service and the cost lines behind a service sort every row', async ({ app: page }) => {
  await gotoScreen(page, 'cost');
  await checkSorts(
    page,
    'cost-grid',
    [
      { label: 'Service', numeric: false },
      { label: 'Lines', numeric: true },
    ],
    'cost',
  );
  // The service with the most lines first (the year demo's one-line savings plan purchase has nothing to sort).
  await sortGrid(page, 'cost-grid', 'Lines', 'descending');
  // The header says the new order at once; its rows arrive after (Enter on a row still loading opens nothing).
  await page.waitForFunction(() => !document.querySelector('[data-testid="cost-grid"] [aria-busy="true"], [data-testid="cost-grid"] .cell.pending'));
  await page.focus('[data-testid="cost-grid"] [role="grid"]');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Enter');
  await checkSorts(
    page,
    'source-rows-cost_lines',
    [
      { label: 'Billed cost', numeric: true },
      { label: 'Charge period start', numeric: false },
    ],
    'cost-lines',
  );
  await page.keyboard.press('Escape');
});

test('The cost explorer grid sorts every row by cost, group and lines, read from its view table', async ({ app: page }) => {
  await gotoScreen(page, 'explorer');
  await page.selectOption('select[aria-label="Range"]', 'all');
  // By resource: more rows than the first fetched page.
  await page.selectOption('select[aria-label="Group by"]', 'column:ResourceId');
  await expect(page.getByTestId('explorer')).toHaveAttribute('data-loading', 'false');
  await checkSorts(
    page,
    'explorer-grid',
    [
      { label: 'Cost', numeric: true },
      { label: 'ResourceId', numeric: false },
      { label: 'Lines', numeric: true },
    ],
    'explorer',
  );
  await page.selectOption('select[aria-label="Group by"]', 'column:ServiceName');
});

test('Margin by SKU sorts by revenue and by SKU', async ({ app: page }) => {
  await gotoScreen(page, 'margin');
  await checkSorts(
    page,
    'margin-grid',
    [
      { label: 'Revenue', numeric: true },
      { label: 'SKU', numeric: false },
    ],
    'margin',
  );
});

test('Reconciliation rows and event findings sort every row', async ({ app: page }) => {
  await gotoScreen(page, 'reconciliation');
  await checkSorts(
    page,
    'recon-grid',
    [
      { label: 'Billed', numeric: true },
      { label: 'Customer', numeric: false },
    ],
    'reconciliation',
  );
  await checkSorts(page, 'event-findings-grid', [{ label: 'Amount', numeric: true }], 'event-findings');
});

// The demo company trips no fraud rule, so the fraud grid has no rows to order here.
test('Anomaly findings sort every row', async ({ app: page }) => {
  await gotoScreen(page, 'anomalies');
  await checkSorts(
    page,
    'anomaly-grid',
    [
      { label: 'Score', numeric: true },
      { label: 'Impact', numeric: true },
    ],
    'anomalies',
  );
});

test('the review queue sorts by amount (exact) and by customer', async ({ app: page }) => {
  await gotoScreen(page, 'proposals');
  await page.waitForSelector('[data-testid="review-queue"] tbody tr');
  const read = () =>
    page.$$eval('[data-testid="review-queue"] tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    );
  const headers = await page.$$eval('[data-testid="review-queue"] thead th', (ths) =>
    ths.map((th) => (th.textContent ?? '').replace(/[▲▼]/g, '').trim()),
  );
  const before = await read();
  expect(before.length, 'proposals to sort').toBeGreaterThan(1);
  for (const c of [
    { label: 'Amount', numeric: true },
    { label: 'Customer', numeric: false },
  ]) {
    for (const dir of ['descending', 'ascending'] as const) {
      await sortGrid(page, 'review-queue', c.label, dir);
      const rows = await read();
      expect(orderBreak(rows, headers.indexOf(c.label), dir === 'descending', c.numeric), `queue by ${c.label} ${dir}`).toBeNull();
      expect(rowMultiset(rows), `queue by ${c.label} ${dir}: every proposal once`).toEqual(rowMultiset(before));
    }
  }
  await page.screenshot({ path: join(shots, 'sorted-proposals.png') });
});

test('SQL console: 5,000 rows sorted by v show every row exactly once, in order, down to the last', async ({ app: page }) => {
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', 'SELECT i, (i*7919)%1000 AS v FROM range(5000) t(i)');
  await page.click('[data-testid="sql-run"]');
  for (const dir of ['descending', 'ascending'] as const) {
    await sortGrid(page, 'sql-grid', 'v', dir);
    const rows = await allGridRows(page, 'sql-grid');
    expect(rows.length, 'rows').toBe(5000);
    const is = rows.map((r) => Number(r[0].replace(/,/g, '')));
    expect(new Set(is).size, `every i exactly once (${dir})`).toBe(5000);
    expect(
      is.every((i) => Number.isInteger(i) && i >= 0 && i < 5000),
      'only the rows of the query',
    ).toBe(true);
    const vs = rows.map((r) => Number(r[1].replace(/,/g, '')));
    const bad = vs.findIndex((v, k) => k > 0 && (dir === 'descending' ? v > vs[k - 1] : v < vs[k - 1]));
    expect(bad, `v ${dir} (first break at row ${bad + 1})`).toBe(-1);
    expect(
      vs.every((v, k) => v === (is[k] * 7919) % 1000),
      'v belongs to its i',
    ).toBe(true);
  }
  // Paged down by keyboard from the top: the last row is the largest v.
  await page.focus('[data-testid="sql-grid"] [role="grid"]');
  await page.keyboard.press('Control+Home');
  for (let k = 0; k < 12; k++) await page.keyboard.press('PageDown');
  await page.keyboard.press('Control+End');
  await page.waitForFunction(() => !document.querySelector('[data-testid="sql-grid"] .cell.pending'));
  const last = await page.$$eval('[data-testid="sql-grid"] .grid-body [role="row"]', (rs) =>
    rs
      .map((r) => [Number(r.getAttribute('aria-rowindex')), r.querySelectorAll('[role="gridcell"]')[1]?.textContent])
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .at(-1),
  );
  expect(last, 'last row: v 999 in ascending order').toEqual([5001, '999']);
  await page.screenshot({ path: join(shots, 'sorted-sql.png') });
});

test('SQL console: a sort key with long runs of equal values across page ends still shows every row once', async ({ app: page }) => {
  await gotoScreen(page, 'sql');
  await page.fill('#sql-text', 'SELECT i, i % 7 AS w FROM range(5000) t(i)');
  await page.click('[data-testid="sql-run"]');
  await sortGrid(page, 'sql-grid', 'w', 'descending');
  const rows = await allGridRows(page, 'sql-grid');
  const is = rows.map((r) => Number(r[0].replace(/,/g, '')));
  expect(new Set(is).size, 'every i exactly once').toBe(5000);
  const ws = rows.map((r) => Number(r[1]));
  expect(
    ws.findIndex((w, k) => k > 0 && w > ws[k - 1]),
    'w descending',
  ).toBe(-1);
});
