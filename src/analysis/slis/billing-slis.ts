/**
 * Billing-integrity SLIs for summary.json and the app: ingestion completeness against a baseline,
 * duplicate and unattributed ratios, reconciliation delta % per currency, late-adjustment count,
 * cost per billed unit and margin per SKU. Ratios of counts are plain numbers (not money);
 * money ratios are exact decimal strings. Call after reconcile() and margin().
 */
import type { Engine } from '../../engine/engine';
import type { BillingConfig } from '../../model/mappings';
import { parseDecimal } from '../../model/money';
import type { MarginReport } from '../margin/margin';
import { ratio } from '../margin/margin';
import type { ReconcileResult } from '../reconcile/reconcile';

export interface BillingSlis {
  ingestion_completeness: {
    ratio: number | null; // events received / (baseline per day × days), capped at 1
    baseline_per_day: number | null;
    baseline_source: 'config' | 'median_day';
    days: number;
    events: number;
    low_days: { day: string; events: number }[]; // days under half the baseline
  };
  duplicate_ratio: number | null;
  unattributed_ratio: number | null;
  /** Σ|billed − expected| / Σ expected × 100, per currency, exact to 4 decimals. */
  reconciliation_delta_pct: Record<string, string>;
  late_adjustment_count: number;
  late_event_groups: number;
  cost_per_billed_unit: { sku: string; currency: string; cost_per_unit: string }[];
  margin_per_sku: { sku: string; currency: string; margin: string; margin_pct: string }[];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export async function billingSlis(engine: Engine, cfg: BillingConfig, recon: ReconcileResult, mg: MarginReport): Promise<BillingSlis> {
  const days = await engine.query<{ day: string; n: number }>(`SELECT day, n FROM __rc_ev_daily ORDER BY day`);
  const counts = days.map((d) => Number(d.n)).sort((a, b) => a - b);
  const median = counts.length
    ? counts.length % 2
      ? counts[(counts.length - 1) / 2]
      : (counts[counts.length / 2 - 1] + counts[counts.length / 2]) / 2
    : null;
  const baseline = cfg.expectedDailyEvents ?? median;
  const total = counts.reduce((a, b) => a + b, 0);
  const st = recon.stats;

  const deltaPct: Record<string, string> = {};
  const sums = new Map<string, { d: bigint; e: bigint }>();
  for (const r of recon.rows) {
    if (!r.currency || r.expected_amount === '' || r.customer_id === '') continue;
    const s = sums.get(r.currency) ?? { d: 0n, e: 0n };
    const delta = parseDecimal(r.amount_delta, 18);
    s.d += delta < 0n ? -delta : delta;
    s.e += parseDecimal(r.expected_amount, 18);
    sums.set(r.currency, s);
  }
  for (const [c, s] of sums) deltaPct[c] = ratio(s.d * 100n, s.e, 4);

  return {
    ingestion_completeness: {
      ratio: baseline && days.length ? round6(Math.min(1, total / (baseline * days.length))) : null,
      baseline_per_day: baseline,
      baseline_source: cfg.expectedDailyEvents ? 'config' : 'median_day',
      days: days.length,
      events: total,
      low_days: baseline ? days.filter((d) => Number(d.n) < baseline / 2).map((d) => ({ day: d.day, events: Number(d.n) })) : [],
    },
    duplicate_ratio: st.events ? round6(st.duplicateEvents / st.events) : null,
    unattributed_ratio: st.events - st.duplicateEvents ? round6(st.unattributedEvents / (st.events - st.duplicateEvents)) : null,
    reconciliation_delta_pct: deltaPct,
    late_adjustment_count: st.lateEvents,
    late_event_groups: recon.findings.filter((f) => f.code === 'late_event').length,
    cost_per_billed_unit: mg.bySku
      .filter((r) => r.billed_quantity !== '0')
      .map((r) => ({
        sku: r.sku,
        currency: r.currency,
        cost_per_unit: ratio(parseDecimal(r.cost, 18), parseDecimal(r.billed_quantity, 18), 10).replace(/0+$/, '').replace(/\.$/, ''),
      })),
    margin_per_sku: mg.bySku.map((r) => ({ sku: r.sku, currency: r.currency, margin: r.margin, margin_pct: r.margin_pct })),
  };
}
