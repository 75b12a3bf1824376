/** Event-level findings (duplicates, late events, usage outside a subscription) for the currency and period. */
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';
import { resultScope, type ResultScope } from './scope';

export type EventFindingRow = {
  code: string;
  customer_id: string | null;
  sku: string | null;
  period: string | null;
  currency: string | null;
  quantity: string | null;
  amount: string | null;
  detail: string | null;
  event_ids: string | null;
  source_rows: string | null;
};

/** Findings without a currency (no price to value them) are shown under every currency. */
export function eventFindings(p: ResultScope): Query<EventFindingRow> {
  const where = resultScope(p, { orNoCurrency: true });
  return defineQuery(
    'reconciliation/event-findings',
    `SELECT code, customer_id, sku, period, currency, quantity, amount, detail, event_ids, source_rows
     FROM ${ident(ANALYSIS_TABLES.eventFindings)} WHERE ${where.sql}`,
    where.params,
  );
}
