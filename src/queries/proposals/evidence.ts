/**
 * The evidence behind one adjustment proposal: the reconciliation row of its customer × SKU ×
 * period × currency, and the usage events a finding names by id. The usage events and invoice
 * lines of the whole row come from reconciliation/rows-behind.ts (paged in the grid).
 */
import { ident } from '../../engine/sql';
import { cond, placeholders } from '../condition';
import { sourceRows, type SourceRowsQuery } from '../data/source-rows';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';

export interface ProposalScope {
  /** '' for usage without a customer. */
  customer: string;
  sku: string;
  period: string;
  currency: string;
}

export type ProposalReconciliationRow = {
  status: string;
  metered_quantity: string | null;
  billed_quantity: string | null;
  quantity_delta: string | null;
  expected_unit_price: string | null;
  billed_unit_price: string | null;
  expected_amount: string | null;
  billed_amount: string | null;
  amount_delta: string | null;
  currency: string;
};

export function proposalReconciliationRow(s: ProposalScope): Query<ProposalReconciliationRow> {
  return defineQuery(
    'proposals/evidence/reconciliation-row',
    `SELECT status, metered_quantity, billed_quantity, quantity_delta, expected_unit_price, billed_unit_price,
            expected_amount, billed_amount, amount_delta, currency
     FROM ${ident(ANALYSIS_TABLES.reconciliation)}
     WHERE coalesce(customer_id, '') = ? AND sku = ? AND period = ? AND currency = ?`,
    [s.customer, s.sku, s.period, s.currency],
  );
}

/** The usage events a finding names (duplicates, late events), by event id. */
export function eventsNamed(ids: readonly string[]): SourceRowsQuery<'usage_events'> {
  const where = ids.length ? cond(`event_id IN (${placeholders(ids)})`, ...ids) : cond('FALSE');
  return sourceRows('usage_events', where, 'proposals/evidence/events-named', { warehouse: { eventIds: [...ids] } });
}
