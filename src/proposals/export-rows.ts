/**
 * The flat row every tabular export (CSV, JSON, XLSX, Parquet) shares. The first columns are the
 * `finops analyze` proposals.csv contract; review columns follow.
 */
import { currencyExponent, formatDecimal } from '../model/money';
import type { EvidenceRef } from './model';
import type { ReviewedProposal } from './review';

export const EXPORT_COLUMNS = [
  'proposal_id',
  'direction',
  'customer_id',
  'sku',
  'period',
  'currency',
  'amount',
  'quantity_delta',
  'finding_code',
  'reason_stripe',
  'reason_lago',
  'evidence',
  'confidence',
  'reason_chargebee',
  'invoice_id',
  'line_id',
  'memo',
  'amount_minor',
  'state',
  'edited',
  'original_amount',
  'decided_by',
  'decided_at',
  'decision_reason',
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportRow = Record<ExportColumn, string>;

/** Columns holding exact decimals (written as numbers where the format has them). */
export const DECIMAL_COLUMNS: ReadonlySet<ExportColumn> = new Set(['amount', 'original_amount', 'confidence']);

/** Evidence as one readable cell: "file#row" for source rows, "kind id: detail" otherwise. */
export function evidenceText(refs: EvidenceRef[]): string {
  return refs
    .map((r) => {
      if (r.file) return `${r.file}#${r.row ?? ''}`;
      const head = [r.kind.replace('_', ' '), r.id].filter(Boolean).join(' ');
      return r.detail ? `${head}: ${r.detail}` : head;
    })
    .join(' | ');
}

export function exportRow(r: ReviewedProposal): ExportRow {
  const p = r.proposal;
  return {
    proposal_id: p.proposal_id,
    direction: p.direction,
    customer_id: p.customer_id,
    sku: p.sku,
    period: p.period,
    currency: p.currency,
    amount: formatDecimal(p.amount_minor, currencyExponent(p.currency)),
    quantity_delta: p.quantity_delta,
    finding_code: p.finding_code,
    reason_stripe: p.reason_stripe ?? '',
    reason_lago: p.reason_lago ?? '',
    evidence: evidenceText(p.evidence),
    confidence: p.confidence.toFixed(2),
    reason_chargebee: p.reason_chargebee ?? '',
    invoice_id: p.invoice_id ?? '',
    line_id: p.line_id ?? '',
    memo: p.memo,
    amount_minor: p.amount_minor.toString(),
    state: r.state,
    edited: r.edited ? 'true' : 'false',
    original_amount: r.original_amount,
    decided_by: r.decided_by,
    decided_at: r.decided_at,
    decision_reason: r.decision_reason,
  };
}
