/**
 * What the analyses hand to proposals and to the UI. Money is a decimal string in the row's
 * currency, rounded once to its minor units; quantities are decimal strings.
 */
import type { PeriodGranularity } from './mappings';

/**
 * The usage events a drill shows: a customer × SKU (× period label, null for every period), as the
 * file drills filter them (customer '' = none; the SKU as recorded), or the events of some ids.
 * A warehouse run asks the warehouse for them (src/warehouse/evidence.ts), where they stay.
 */
export type EventScope = { customer: string; sku: string; period: string | null; granularity: PeriodGranularity } | { eventIds: string[] };

/** Reconciliation status, as in the `finops analyze` contract. */
export type ReconStatus =
  'matched' | 'within_tolerance' | 'overbilled' | 'underbilled' | 'unbilled' | 'billed_only' | 'rate_mismatch' | 'unattributed';

/** One customer × SKU × period row of reconciliation.csv. */
export interface ReconciliationRow {
  customer_id: string; // '' when usage carries no customer (status 'unattributed')
  sku: string;
  period: string; // 'YYYY-MM' (UTC calendar month) unless configured
  currency: string;
  metered_quantity: string;
  billed_quantity: string;
  quantity_delta: string; // billed − metered
  expected_amount: string; // metered × price book, tiers applied, rounded once
  billed_amount: string;
  amount_delta: string; // billed − expected
  status: ReconStatus;
  /** Invoice and line ids behind billed_* (when known), for targeting a credit note. */
  invoice_ids?: string[];
  line_ids?: string[];
  /** Unit price on the invoice vs the price book, when they differ. */
  billed_unit_price?: string | null;
  expected_unit_price?: string | null;
}

/** Event-level billing-integrity findings listed beside the reconciliation table. */
export type EventFindingCode = 'duplicate_event' | 'suspected_duplicate' | 'late_event' | 'outside_subscription';

export interface EventFinding {
  code: EventFindingCode;
  customer_id: string;
  sku: string;
  period: string;
  currency: string | null;
  quantity: string; // the quantity affected (e.g. the duplicated events' total)
  amount: string | null; // money at the price book, when priced
  event_ids: string[];
  source_rows: { file: string; row: number }[];
  detail: string;
}

export type AnomalyMethod = 'seasonal-esd' | 'robust-z' | 'ewma' | 'holt-winters' | 'level-shift' | string;

/** One debounced anomaly event on one series. */
export interface AnomalyFinding {
  id: string;
  series_key: string; // e.g. 'usage|customer=acme|sku=api_calls'
  dimensions: Record<string, string>;
  start: string; // ISO timestamp or day of the first flagged point
  end: string;
  actual: number;
  expected: number;
  band_low: number;
  band_high: number;
  /** Money impact (actual − expected) as a decimal string when the series is money. */
  impact: string | null;
  currency: string | null;
  /** Usage series: actual − expected quantity over the event (decimal string), priced into `impact`. */
  quantity_impact?: string | null;
  impact_pct: number;
  score: number;
  method: AnomalyMethod;
  explanation: string;
  contributors?: { dimension: string; value: string; delta: number; share: number }[];
  /** The data the baseline was fitted on, and its season length in points (0 = none). */
  baseline_window?: { start: string; end: string; period: number };
  /** Analyst verdict, when one was recorded. */
  label?: 'true' | 'false' | 'planned';
}

export interface FraudFinding {
  id: string;
  rule: string; // 'new_account_spike' | 'multi_account' | 'first_seen_region' | 'night_share' | 'usage_without_billing' | 'benford' | ...
  customer_id: string;
  score: number;
  evidence: string;
  amount: string | null;
  currency: string | null;
  /** SKU and period the finding is about, when it has one (lets proposals avoid double-counting a reconciliation delta). */
  sku?: string;
  period?: string;
}
