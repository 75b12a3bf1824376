/**
 * Review with evidence on the demo company: the queue filters by finding, customer, confidence
 * and amount and sorts by confidence; a proposal opens its reconciliation row, the events its
 * finding names, its usage events and invoice lines; a decision shows who, when and why; the
 * audit trail verifies, and an edited line in the stored log is named as the break. Expected
 * figures come from the Node engine's run of the same files. Runs on its own page: it edits the
 * stored audit log.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { baseUrl, expect, test } from './fixtures';
import { moneyText, samplesRun } from './expected';
import { gotoScreen, gridRows, openApp, shootLightDark, sortGrid } from './app-helpers';
import { buildProposals } from '../../src/proposals/build';
import { parseAuditLog } from '../../src/proposals/audit';
import { currencyExponent } from '../../src/model/money';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(repo, 'test-results/screens');
const AUDIT_KEY = 'finops-workbench.autosave.review.audit.jsonl';
const REASON = 'duplicates already credited on INV-7';

const queueIds = (page: Page) => page.$$eval('[data-testid="review-queue"] tbody tr', (trs) => trs.map((t) => t.getAttribute('data-proposal')!));

async function rowCount(page: Page, testId: string): Promise<number> {
  await gridRows(page, testId);
  return Number(await page.getAttribute(`[data-testid="${testId}"] [role="grid"]`, 'aria-rowcount')) - 1;
}

test('a proposal opens its evidence; the queue filters and sorts; decisions and the audit chain are shown and verified', async ({ page }) => {
  const run = await samplesRun(repo);
  const expected = buildProposals({ reconciliation: run.recon.rows, events: run.recon.findings });
  await openApp(page, baseUrl());
  await gotoScreen(page, 'proposals');
  await page.waitForSelector('[data-testid="review-queue"] tbody tr');
  expect((await queueIds(page)).sort(), 'the queue holds the proposals the Node run builds').toEqual(expected.map((p) => p.proposal_id).sort());

  // Filters, each against the Node run's proposals.
  await page.selectOption('select[aria-label="Finding filter"]', 'duplicate_event');
  expect((await queueIds(page)).sort()).toEqual(
    expected
      .filter((p) => p.finding_code === 'duplicate_event')
      .map((p) => p.proposal_id)
      .sort(),
  );
  await page.selectOption('select[aria-label="Finding filter"]', '');
  await page.selectOption('select[aria-label="Customer filter"]', 'acme');
  expect((await queueIds(page)).sort()).toEqual(
    expected
      .filter((p) => p.customer_id === 'acme')
      .map((p) => p.proposal_id)
      .sort(),
  );
  await page.click('button:has-text("Clear filters")');
  await page.selectOption('select[aria-label="Lowest confidence"]', '95');
  expect((await queueIds(page)).sort()).toEqual(
    expected
      .filter((p) => Math.round(p.confidence * 100) >= 95)
      .map((p) => p.proposal_id)
      .sort(),
  );
  await page.selectOption('select[aria-label="Lowest confidence"]', '0');
  await page.fill('input[aria-label="Lowest amount"]', '5');
  const atLeast5 = expected.filter((p) => p.amount_minor >= 5n * 10n ** BigInt(currencyExponent(p.currency)));
  expect(atLeast5.length, 'some proposals below 5, some above').toBeLessThan(expected.length);
  expect((await queueIds(page)).sort()).toEqual(atLeast5.map((p) => p.proposal_id).sort());
  await expect(page.getByTestId('queue-shown')).toHaveText(`${atLeast5.length} of ${expected.length} shown`);
  await page.click('button:has-text("Clear filters")');

  // Sorted by confidence, highest first.
  await sortGrid(page, 'review-queue', 'Confidence', 'descending');
  const byId = new Map(expected.map((p) => [p.proposal_id, p]));
  const confidences = (await queueIds(page)).map((id) => byId.get(id)!.confidence);
  expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
  await sortGrid(page, 'review-queue', 'Finding', 'ascending');
  const codes = (await queueIds(page)).map((id) => byId.get(id)!.finding_code);
  expect(codes).toEqual([...codes].sort());

  // Reject acme's duplicate events with a reason: the queue shows who, when and why.
  const dup = expected.find((p) => p.finding_code === 'duplicate_event' && p.customer_id === 'acme' && p.sku === 'api_calls')!;
  expect(dup, 'the planted duplicate is a proposal').toBeDefined();
  await page.fill('#reviewer', 'E. Vidence');
  await page.click(`button[aria-label="Reject ${dup.proposal_id}"]`);
  await page.fill('[role="dialog"] input', REASON);
  await page.click('[role="dialog"] button[type="submit"]');
  const row = page.locator(`tr[data-proposal="${dup.proposal_id}"]`);
  await expect(row).toHaveAttribute('data-state', 'rejected');
  const decided = row.locator('td.decided');
  await expect(decided).toContainText('E. Vidence');
  await expect(decided).toContainText(REASON);
  await expect(decided).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);

  // Its evidence: the reconciliation row, the named events, the usage events and invoice lines.
  await row.focus();
  await page.keyboard.press('Enter');
  const ev = page.getByTestId('proposal-evidence');
  await expect(ev).toHaveAttribute('data-proposal', dup.proposal_id);
  const recon = run.recon.rows.find(
    (r) => r.customer_id === 'acme' && r.sku === 'api_calls' && r.period === dup.period && r.currency === dup.currency,
  )!;
  const tile = page.getByTestId('evidence-reconciliation');
  await expect(tile.locator('[data-field="status"]')).toContainText(recon.status);
  await expect(tile.locator('[data-field="delta"]')).toHaveText(`${moneyText(recon.amount_delta!, recon.currency)} ${recon.currency}`);
  await expect(tile.locator('[data-field="billed"]')).toHaveText(moneyText(recon.billed_amount!, recon.currency));
  const trim = (q: string) => (q.includes('.') ? q.replace(/0+$/, '').replace(/\.$/, '') : q);
  await expect(tile.locator('[data-field="quantities"]')).toHaveText(
    `${trim(recon.metered_quantity!)} / ${trim(recon.billed_quantity!)} (Δ ${trim(recon.quantity_delta!)})`,
  );
  const decisions = page.locator('[data-testid="evidence-decisions"] tbody tr');
  await expect(decisions).toHaveCount(1);
  await expect(decisions.first()).toHaveAttribute('data-action', 'reject');
  await expect(decisions.first()).toContainText('E. Vidence');
  await expect(decisions.first()).toContainText(REASON);
  const named = new Set(
    run.recon.findings
      .filter((f) => f.code === 'duplicate_event' && f.customer_id === 'acme' && f.sku === 'api_calls')
      .flatMap((f) => f.event_ids.slice(0, 20)),
  );
  const [{ n: namedRows }] = await run.engine.query<{ n: number }>(
    `SELECT count(*) AS n FROM usage_events WHERE event_id IN (${[...named].map(() => '?').join(', ')})`,
    [...named],
  );
  expect(await rowCount(page, 'evidence-named-events'), 'rows of the events the finding names').toBe(namedRows);
  const [{ n: events }] = await run.engine.query<{ n: number }>(
    "SELECT count(*) AS n FROM usage_events WHERE coalesce(customer_id, '') = 'acme' AND sku = 'api_calls' AND strftime(ts, '%Y-%m') = ?",
    [dup.period],
  );
  expect(await rowCount(page, 'evidence-usage-events'), 'usage events of the row').toBe(events);
  const [{ n: lines }] = await run.engine.query<{ n: number }>(
    "SELECT count(*) AS n FROM invoice_lines WHERE customer_id = 'acme' AND sku = 'api_calls' AND currency = ? AND strftime(coalesce(period_start, issued_at), '%Y-%m') = ?",
    [dup.currency, dup.period],
  );
  expect(lines, 'the row was invoiced').toBeGreaterThan(0);
  expect(await rowCount(page, 'evidence-invoice-lines'), 'invoice lines of the row').toBe(lines);
  await shootLightDark(page, shots, 'proposal-evidence');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="review-queue"]');

  // The audit trail verifies against the stored log; an edited line is named as the break.
  const stored = (await page.evaluate((k) => localStorage.getItem(k), AUDIT_KEY))!;
  const entries = parseAuditLog(stored, 'review.audit.jsonl');
  await page.click('[data-testid="audit-verify-button"]');
  const verdict = page.getByTestId('audit-verify');
  await expect(verdict).toHaveAttribute('data-result', 'intact');
  await expect(verdict).toContainText(`${entries.length} entries`);
  await shootLightDark(page, shots, 'audit-trail');
  const lineNo = stored.split('\n').findIndex((l) => l.includes(REASON)) + 1;
  await page.evaluate(([k, reason]) => localStorage.setItem(k, localStorage.getItem(k)!.replace(reason, 'nothing to see here')), [AUDIT_KEY, REASON]);
  await page.click('[data-testid="audit-verify-button"]');
  await expect(verdict).toHaveAttribute('data-result', 'broken');
  await expect(verdict).toHaveAttribute('data-line', String(lineNo));
  await expect(verdict).toContainText(`breaks at line ${lineNo}`);
  await expect(verdict).toContainText('the entry was edited');
  await expect(verdict).toContainText(`Entries 1–${lineNo - 1} verify`);
  await page.evaluate(([k, text]) => localStorage.setItem(k, text), [AUDIT_KEY, stored]);
});
