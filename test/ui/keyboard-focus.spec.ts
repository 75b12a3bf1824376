/**
 * Keyboard focus never drops to the page body: a drill-down focuses the grid it opens, going back
 * returns to the row it started from (same sort), and the review queue works from the keyboard
 * alone, dialogs handing focus back to the row or button that opened them.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gotoScreen, sortGrid } from './app-helpers';

interface Focus {
  testId: string | null;
  role: string | null;
  proposal: string | null;
  label: string | null;
  inDialog: string | null;
}

function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const a = document.activeElement;
    return {
      testId: a && a !== document.body ? (a.closest('[data-testid]')?.getAttribute('data-testid') ?? null) : null,
      role: a?.getAttribute('role') ?? null,
      proposal: a?.getAttribute('data-proposal') ?? null,
      label: a?.getAttribute('aria-label') ?? null,
      inDialog: a?.closest('[role="dialog"]')?.getAttribute('aria-label') ?? null,
    };
  });
}

/** Waits until the focused element is grid `testId` itself (its rows are aria-activedescendant). */
async function expectGridFocused(page: Page, testId: string, activeRow?: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const f = await focus(page);
        return `${f.testId}/${f.role}`;
      },
      { message: `focus on ${testId}` },
    )
    .toBe(`${testId}/grid`);
  if (activeRow !== undefined) {
    await expect
      .poll(() => page.textContent(`[data-testid="${testId}"] .grid-foot`), { message: `${testId} active row` })
      .toContain(`row ${activeRow}`);
  }
}

async function gridReady(page: Page, testId: string): Promise<void> {
  await page.waitForSelector(`[data-testid="${testId}"] [role="grid"][aria-busy="false"]`);
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}"] .cell.pending`), testId);
}

test('Cost: Enter drills into the cost lines with focus there; Escape and the breadcrumb return to the same row', async ({ app: page }) => {
  await gotoScreen(page, 'cost');
  await gridReady(page, 'cost-grid');
  await page.focus('[data-testid="cost-grid"] [role="grid"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expectGridFocused(page, 'source-rows-cost_lines');
  await page.keyboard.press('Escape');
  await expectGridFocused(page, 'cost-grid', 3);
  await gridReady(page, 'cost-grid');
  await page.keyboard.press('Enter');
  await expectGridFocused(page, 'source-rows-cost_lines');
  // Back through the breadcrumb, reached with Shift+Tab.
  for (let i = 0; i < 8 && (await focus(page)).label !== 'Drill path'; i++) {
    await page.keyboard.press('Shift+Tab');
    if ((await page.evaluate(() => document.activeElement?.closest('nav')?.getAttribute('aria-label'))) === 'Drill path') break;
  }
  expect(await page.evaluate(() => document.activeElement?.textContent), 'breadcrumb reached by keyboard').toBe('Cost by service');
  await page.keyboard.press('Enter');
  await expectGridFocused(page, 'cost-grid', 3);
});

test('Margin: SKU → customer → rows and back by keyboard keeps focus, row and sort at every level', async ({ app: page }) => {
  await gotoScreen(page, 'margin');
  await gridReady(page, 'margin-grid');
  await sortGrid(page, 'margin-grid', 'Revenue', 'descending');
  await gridReady(page, 'margin-grid');
  await page.focus('[data-testid="margin-grid"] [role="grid"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expectGridFocused(page, 'margin-customer-grid');
  await gridReady(page, 'margin-customer-grid');
  await page.keyboard.press('Enter');
  await expectGridFocused(page, 'source-rows-invoice_lines');
  await page.keyboard.press('Escape');
  await expectGridFocused(page, 'margin-customer-grid', 1);
  await page.keyboard.press('Escape');
  await expectGridFocused(page, 'margin-grid', 2);
  expect(
    await page.getAttribute('[data-testid="margin-grid"] [role="columnheader"]:has(button[title="Sort by Revenue"])', 'aria-sort'),
    'sort kept',
  ).toBe('descending');
});

test('Reconciliation: a drilled row gets focus back after Escape', async ({ app: page }) => {
  await gotoScreen(page, 'reconciliation');
  await gridReady(page, 'recon-grid');
  await page.focus('[data-testid="recon-grid"] [role="grid"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expectGridFocused(page, 'source-rows-usage_events');
  await page.keyboard.press('Escape');
  await expectGridFocused(page, 'recon-grid', 2);
});

test('the review queue is driven by keyboard alone; dialogs return focus to the row or button', async ({ app: page }) => {
  await gotoScreen(page, 'proposals');
  await page.waitForSelector('[data-testid="review-queue"] tbody tr');
  const ids = await page.$$eval('[data-testid="review-queue"] tbody tr', (trs) => trs.map((t) => t.getAttribute('data-proposal')!));
  expect(ids.length, 'proposals in the queue').toBeGreaterThan(2);
  const state = (id: string) => page.getAttribute(`tr[data-proposal="${id}"]`, 'data-state');
  const onRow = async (id: string) => expect.poll(async () => (await focus(page)).proposal, { message: `focus on row ${id}` }).toBe(id);

  await page.focus('#reviewer');
  await page.keyboard.type('K. Board');
  for (let i = 0; i < 40 && !(await focus(page)).proposal; i++) await page.keyboard.press('Tab');
  await onRow(ids[0]);
  await page.keyboard.press('ArrowDown');
  await onRow(ids[1]);

  // R: the reject dialog; Tab stays inside it; Enter rejects and focus is back on the row.
  await page.keyboard.press('r');
  await expect.poll(async () => (await focus(page)).inDialog).toBe('Reject proposal');
  await page.keyboard.type('already credited by hand');
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect((await focus(page)).inDialog, 'Tab stays in the dialog').toBe('Reject proposal');
  }
  // Four Tabs went round to Cancel; one Shift+Tab is the reason field again, Enter submits.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`tr[data-proposal="${ids[1]}"][data-state="rejected"]`);
  await onRow(ids[1]);
  await page.keyboard.press('u');
  await page.waitForSelector(`tr[data-proposal="${ids[1]}"][data-state="proposed"]`);
  await onRow(ids[1]);

  // E then Escape: back on the row, nothing changed.
  await page.keyboard.press('e');
  await expect.poll(async () => (await focus(page)).inDialog).toBe('Edit proposal');
  await page.keyboard.press('Escape');
  await onRow(ids[1]);
  expect(await state(ids[1])).toBe('proposed');

  // The row's Reject button opens the dialog; Escape returns to that button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect((await focus(page)).label).toBe(`Reject ${ids[1]}`);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focus(page)).inDialog).toBe('Reject proposal');
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await focus(page)).label).toBe(`Reject ${ids[1]}`);

  // Sorted by state, an approval moves the row: focus moves with it.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await onRow(ids[1]);
  const title = () => page.evaluate(() => document.activeElement?.getAttribute('title'));
  for (let i = 0; i < 60 && (await title()) !== 'Sort by State'; i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getAttribute('[data-testid="review-queue"] th:has(button[title="Sort by State"])', 'aria-sort')).toBe('descending');
  for (let i = 0; i < 40 && !(await focus(page)).proposal; i++) await page.keyboard.press('Tab');
  const first = (await focus(page)).proposal!;
  await page.keyboard.press('a');
  await page.waitForSelector(`tr[data-proposal="${first}"][data-state="approved"]`);
  await onRow(first);
  const order = await page.$$eval('[data-testid="review-queue"] tbody tr', (trs) => trs.map((t) => t.getAttribute('data-proposal')));
  expect(order.at(-1), 'the approved row moved to the end (descending state)').toBe(first);
  await page.keyboard.press('u');
  await page.waitForSelector(`tr[data-proposal="${first}"][data-state="proposed"]`);
  await onRow(first);
  for (const id of ids) expect(await state(id), `${id} left as proposed`).toBe('proposed');
});
