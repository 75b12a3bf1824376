/** Margin of one SKU per customer (all periods, one currency): the drill from a SKU. */
import { ident } from '../../engine/sql';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';
import { NO_CUSTOMER } from '../labels';
import { MARGIN_FIELDS, type MarginFields } from './fields';

export interface MarginByCustomerParams {
  sku: string;
  currency: string;
  /** Read the margin converted to the reporting currency (`currency` is then the reporting currency). */
  reporting?: boolean;
}

export type MarginByCustomerRow = {
  /** The customer id, or NO_CUSTOMER. */
  customer_label: string;
  /** '' when the rows carry no customer. */
  customer_id: string | null;
} & MarginFields;

export function marginByCustomer({ sku, currency, reporting }: MarginByCustomerParams): Query<MarginByCustomerRow> {
  return defineQuery(
    'margin/by-customer',
    `SELECT coalesce(nullif(customer_id, ''), ?) AS customer_label, customer_id, ${MARGIN_FIELDS}
     FROM ${ident(reporting ? ANALYSIS_TABLES.marginReporting : ANALYSIS_TABLES.margin)} WHERE level = ? AND sku = ? AND currency = ?`,
    [NO_CUSTOMER, 'sku_customer', sku, currency],
  );
}
