/**
 * End to end on the planted-fault scenario: files -> ingest -> reconciliation -> proposals.
 * Every planted billing fault yields exactly one proposal with the right direction, amount and
 * reason codes; margin-only faults and a clean month yield none.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBillingTables } from '../../../src/analysis/reconcile/prepare';
import { reconcile, type ReconcileResult } from '../../../src/analysis/reconcile/reconcile';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { parseBillingConfig } from '../../../src/model/mappings';
import { parseDecimal } from '../../../src/model/money';
import { runCli } from '../../../src/cli/main';
import { buildProposals } from '../../../src/proposals/build';
import { proposalsDocument } from '../../../src/proposals/serialize';
import type { FindingCode, Proposal } from '../../../src/proposals/model';
import { renderPostmortem } from '../../../src/proposals/postmortem';
import { ReviewSession } from '../../../src/proposals/session';
import { MemoryReviewStore } from '../../../src/proposals/store';
import { reviewedProposals, unreviewed } from '../../../src/proposals/review';
import { generateScenario, SCENARIO_FILES, type FaultKind, type Scenario } from '../../scenario/generate';
import { loadText, resetTables } from '../billing/load-helpers';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());

async function analyse(s: Scenario): Promise<ReconcileResult> {
  await resetTables(engine);
  const cfg = parseBillingConfig(s.files.find((f) => f.name === SCENARIO_FILES.config)!.text, SCENARIO_FILES.config);
  for (const f of s.files) if (f.name !== SCENARIO_FILES.config) await loadText(engine, f.name, f.text, cfg);
  await prepareBillingTables(engine, cfg);
  return reconcile(engine, cfg);
}

const proposalsOf = (r: ReconcileResult) => buildProposals({ reconciliation: r.rows, events: r.findings });

/** What each billing fault must become; null: a finding to investigate that bills nothing, no memo line. */
const EXPECTED: Partial<Record<FaultKind, { code: FindingCode; stripe: string | null; lago: string | null } | null>> = {
  duplicate_events: { code: 'duplicate_event', stripe: 'duplicate', lago: 'duplicated_charge' },
  late_batch: { code: 'late_event', stripe: null, lago: null },
  // 280 calls without a customer, all inside the 500 free calls: priced 0.00.
  unattributed_events: null,
  under_metered: { code: 'underbilled_quantity', stripe: null, lago: null },
  wrong_unit_price: { code: 'rate_mismatch', stripe: 'order_change', lago: 'order_change' },
  billed_without_usage: { code: 'billed_without_usage', stripe: 'order_change', lago: 'order_change' },
};

describe('proposals on the planted-fault scenario', () => {
  const scenario = generateScenario({ seed: 7, faults: true });
  let recon: ReconcileResult;
  let proposals: Proposal[];
  let again: Proposal[]; // a second, independent run over freshly generated files
  beforeAll(async () => {
    recon = await analyse(scenario);
    proposals = proposalsOf(recon);
    again = proposalsOf(await analyse(generateScenario({ seed: 7, faults: true })));
  });

  for (const fault of scenario.planted) {
    it(`${fault.kind} (${fault.customer_id || 'no customer'} / ${fault.sku})`, () => {
      const mine = proposals.filter(
        (p) => p.customer_id === fault.customer_id && p.sku === fault.sku && p.period === fault.period && p.currency === fault.currency,
      );
      if (!fault.reconciliation) {
        expect(mine, 'a margin-only fault is not a billing error').toEqual([]);
        return;
      }
      const want = EXPECTED[fault.kind];
      if (want === null) {
        expect(mine, 'nothing to bill is not a memo line').toEqual([]);
        const row = recon.rows.find((r) => r.customer_id === fault.customer_id && r.sku === fault.sku && r.period === fault.period);
        expect([row?.status, row?.quantity_delta, row?.amount_delta], 'it stays a reconciliation finding').toEqual([
          fault.reconciliation.status,
          fault.reconciliation.quantity_delta,
          fault.reconciliation.amount_delta,
        ]);
        return;
      }
      expect(mine).toHaveLength(1);
      const [p] = mine;
      const delta = parseDecimal(fault.reconciliation.amount_delta, 2);
      const amount = delta < 0n ? -delta : delta;
      expect(p.direction).toBe(fault.kind === 'unattributed_events' || delta < 0n ? 'debit' : 'credit');
      expect(p.amount_minor).toBe(amount);
      if (!want) throw new Error(`no expectation for ${fault.kind}`);
      expect({ code: p.finding_code, stripe: p.reason_stripe, lago: p.reason_lago }).toEqual(want);
      expect(p.evidence.length).toBeGreaterThan(0);
      expect(p.quantity_delta).toBe(fault.reconciliation.quantity_delta);
      if (fault.finding) expect(p.evidence.some((e) => e.kind === 'source_row' && e.file === SCENARIO_FILES.usage)).toBe(true);
      if (p.direction === 'credit') expect([p.invoice_id, p.line_id].every(Boolean), 'credit targets an invoice line').toBe(true);
    });
  }

  it('makes no proposal that was not planted', () => {
    expect(proposals).toHaveLength(scenario.planted.filter((f) => f.reconciliation && EXPECTED[f.kind] !== null).length);
  });

  it('gives the same ids when the analysis runs again', () => {
    expect(again.map((p) => p.proposal_id)).toEqual(proposals.map((p) => p.proposal_id));
  });

  it('keeps a review decision across re-analysis', async () => {
    const store = new MemoryReviewStore();
    const s = await ReviewSession.open(store);
    await s.merge(proposals, 'analyst', '2024-04-05T09:00:00Z');
    const dup = proposals.find((p) => p.finding_code === 'duplicate_event')!;
    await s.decide({ proposal_id: dup.proposal_id, action: 'approve', by: 'ana', at: '2024-04-05T09:05:00Z', reason: 'idempotency bug confirmed' });
    const r = await (await ReviewSession.open(store)).merge(again, 'analyst', '2024-04-06T09:00:00Z');
    expect(r.added).toEqual([]);
    expect(reviewedProposals(r.workspace, { approvedOnly: true }).map((x) => x.proposal.proposal_id)).toEqual([dup.proposal_id]);
  });

  it('renders a postmortem for the meter outage window', () => {
    const usage = scenario.files
      .find((f) => f.name === SCENARIO_FILES.usage)!
      .text.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const hourly = new Map<number, number>();
    for (let t = Date.UTC(2024, 2, 12); t < Date.UTC(2024, 2, 17); t += 3600_000) hourly.set(t, 0);
    for (const e of usage) {
      if (e.subject !== 'initech' || e.type !== 'api_calls') continue;
      const h = Math.floor(Date.parse(e.time) / 3600_000) * 3600_000;
      if (hourly.has(h)) hourly.set(h, hourly.get(h)! + Number(e.data.value));
    }
    const html = renderPostmortem({
      title: 'Postmortem: billing meter dropped initech api_calls',
      window: { start: '2024-03-14T00:00:00Z', end: '2024-03-14T06:00:00Z', label: 'billing meter lost events, 14 March 00:00–06:00 UTC' },
      generated_at: '2024-04-05T10:00:00Z',
      proposals: unreviewed(proposals),
      customers: ['initech'],
      skus: ['api_calls'],
      events: recon.findings,
      series: [
        {
          title: 'Metered api_calls per hour, initech (usage file)',
          unit: 'calls',
          points: [...hourly].map(([t, v]) => ({ t: new Date(t).toISOString(), actual: v })),
        },
      ],
      sources: scenario.files.map((f) => f.name),
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/); // self-contained
    expect(html).toContain('@media print');
    const under = proposals.find((p) => p.customer_id === 'initech' && p.sku === 'api_calls')!;
    expect(html).toContain(under.proposal_id);
    expect(html).toContain('incident window');
    for (const other of proposals.filter((p) => p !== under)) expect(html).not.toContain(other.proposal_id); // scoped to the outage
    // FINOPS_POSTMORTEM_OUT=dir keeps the file for a look in a browser.
    const dir = process.env.FINOPS_POSTMORTEM_OUT ?? mkdtempSync(path.join(tmpdir(), 'finops-postmortem-'));
    writeFileSync(path.join(dir, 'postmortem.html'), html);
  });

  it('finops postmortem charts metered usage around the window and lists the outage proposal', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-pm-cli-'));
    writeFileSync(path.join(dir, 'proposals.json'), JSON.stringify(proposalsDocument(proposals)));
    const usage = path.join(dir, SCENARIO_FILES.usage);
    writeFileSync(usage, scenario.files.find((f) => f.name === SCENARIO_FILES.usage)!.text);
    let err = '';
    const out = path.join(dir, 'report.html');
    const code = await runCli(
      [
        'postmortem',
        '--proposals',
        path.join(dir, 'proposals.json'),
        '--from',
        '2024-03-14T00:00:00Z',
        '--to',
        '2024-03-14T06:00:00Z',
        '--label',
        'meter outage',
        '--customer',
        'initech',
        '--sku',
        'api_calls',
        '--usage',
        usage,
        '--context-hours',
        '24',
        '--out',
        out,
      ],
      { out: () => {}, err: (t) => (err += t) },
    );
    expect(code, err).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Metered quantity per hour — initech · api_calls');
    expect(html).toContain(proposals.find((p) => p.customer_id === 'initech')!.proposal_id);
    expect((html.match(/<path d="M/g) ?? []).length).toBe(1); // the usage line (no expected series)
  });
});

describe('proposals on a clean scenario', () => {
  it('proposes nothing', async () => {
    const r = await analyse(generateScenario({ seed: 11, faults: false }));
    expect(r.rows.length).toBeGreaterThan(8);
    expect(proposalsOf(r)).toEqual([]);
  });
});
