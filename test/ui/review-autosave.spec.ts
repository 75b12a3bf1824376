/**
 * Review decisions save themselves: approve and reject (with a reason) in the Proposals screen,
 * reload the page and then close the window and open a new one, without ever pressing Save:
 * decisions, reasons and the reviewer are back and the audit trail holds each one, hash-chained.
 * Runs on a browser context of its own (its storage is the browser build's autosave).
 */
import type { Page } from '@playwright/test';
import { baseUrl, expect, test } from './fixtures';
import { APP_VIEWPORT } from './chromium';
import { gotoScreen, openApp, waitSettled } from './app-helpers';
import { parseAuditLog } from '../../src/proposals/audit';

const REASON = 'credit already issued on INV-0042';

async function expectDecisions(page: Page, approved: string, rejected: string): Promise<void> {
  await gotoScreen(page, 'proposals');
  await expect(page.locator(`tr[data-proposal="${approved}"]`)).toHaveAttribute('data-state', 'approved', { timeout: 20_000 });
  await expect(page.locator(`tr[data-proposal="${rejected}"]`)).toHaveAttribute('data-state', 'rejected');
  await expect(page.locator('#reviewer')).toHaveValue('R. Eviewer');
  const trail = page.locator('[data-testid="audit-trail"]');
  await expect(trail.locator(`tr[data-action="approve"][data-audit-proposal="${approved}"]`)).toContainText('R. Eviewer');
  await expect(trail.locator(`tr[data-action="reject"][data-audit-proposal="${rejected}"]`)).toContainText(REASON);
  // The stored log itself: every decision with who and why, the hash chain intact.
  const text = await page.evaluate(() => localStorage.getItem('finops-workbench.autosave.review.audit.jsonl'));
  const log = parseAuditLog(text ?? '', 'review.audit.jsonl');
  const decisions = log.filter((e) => e.type === 'decision');
  expect(decisions.map((d) => d.type === 'decision' && [d.action, d.proposal_id, d.by, d.reason])).toEqual([
    ['approve', approved, 'R. Eviewer', ''],
    ['reject', rejected, 'R. Eviewer', REASON],
  ]);
}

test('approve and reject survive a reload and a closed window without saving; the audit trail has them', async ({ browser }) => {
  const context = await browser.newContext({ viewport: APP_VIEWPORT, colorScheme: 'light' });
  let page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, baseUrl());
  await gotoScreen(page, 'proposals');
  const ids = await page.$$eval('[data-testid="review-queue"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-proposal')!));
  expect(ids.length, 'the demo has proposals to review').toBeGreaterThanOrEqual(2);
  const [approved, rejected] = ids;
  await page.fill('#reviewer', 'R. Eviewer');
  await page.click(`button[aria-label="Approve ${approved}"]`);
  await expect(page.locator(`tr[data-proposal="${approved}"]`)).toHaveAttribute('data-state', 'approved');
  await page.click(`button[aria-label="Reject ${rejected}"]`);
  await page.fill('[role="dialog"][aria-label="Reject proposal"] input', REASON);
  await page.click('[role="dialog"][aria-label="Reject proposal"] button[type="submit"]');
  await expect(page.locator(`tr[data-proposal="${rejected}"]`)).toHaveAttribute('data-state', 'rejected');

  // Reload at once: the pending save is flushed on pagehide, the audit entries are already stored.
  await page.reload();
  await waitSettled(page);
  await expectDecisions(page, approved, rejected);

  // A closed window and a new one.
  await page.close();
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, baseUrl());
  await expectDecisions(page, approved, rejected);
  expect(errors, 'uncaught page errors').toEqual([]);
  await context.close();
});
