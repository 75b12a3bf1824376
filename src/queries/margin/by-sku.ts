/** Margin per SKU for the period and currency, filtered by SKU text and to negative margins. */
import { ident } from '../../engine/sql';
import { allOf, cond, containsText } from '../condition';
import { defineQuery, type Query } from '../query';
import { ANALYSIS_TABLES } from '../tables';
import { MARGIN_FIELDS, type MarginFields } from './fields';

export interface MarginBySkuParams {
  currency: string;
  /** 'all' (the SKU totals) or 'YYYY-MM' (that period's SKU rows). */
  period: string;
  /** Part of a SKU name, '' for all. */
  filter?: string;
  negativeOnly?: boolean;
  /** Read the margin converted to the reporting currency (`currency` is then the reporting currency). */
  reporting?: boolean;
}

export type MarginBySkuRow = { sku: string } & MarginFields;

export function marginBySku(p: MarginBySkuParams): Query<MarginBySkuRow> {
  const where = allOf(
    p.period === 'all' ? cond('level = ?', 'sku') : cond('level = ? AND period = ?', 'sku_period', p.period),
    cond('currency = ?', p.currency),
    !!p.filter && containsText('sku', p.filter),
    !!p.negativeOnly && cond('negative_margin'),
  );
  return defineQuery(
    'margin/by-sku',
    `SELECT sku, ${MARGIN_FIELDS} FROM ${ident(p.reporting ? ANALYSIS_TABLES.marginReporting : ANALYSIS_TABLES.margin)} WHERE ${where.sql}`,
    where.params,
  );
}
