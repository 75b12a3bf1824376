/**
 * The rows behind a number: a canonical table filtered by a condition, with the columns an analyst
 * needs to find each row in its source file. Drill queries on every screen are built from this.
 */
import { ident, identList } from '../../engine/sql';
import type { EventScope } from '../../model/findings';
import type { Condition } from '../condition';
import { defineQuery, type Query } from '../query';

export const SOURCE_COLUMNS = {
  cost_lines: [
    'source_file',
    'source_row',
    'ChargePeriodStart',
    'ServiceName',
    'SkuId',
    'ResourceId',
    'ChargeCategory',
    'BilledCost',
    'EffectiveCost',
    'BillingCurrency',
  ],
  usage_events: ['source_file', 'source_row', 'event_id', 'customer_id', 'sku', 'ts', 'quantity'],
  invoice_lines: [
    'source_file',
    'source_row',
    'invoice_id',
    'line_id',
    'customer_id',
    'sku',
    'period_start',
    'quantity',
    'unit_price',
    'amount',
    'currency',
    'kind',
  ],
} as const;

export type SourceTable = keyof typeof SOURCE_COLUMNS;
export type SourceColumn<T extends SourceTable> = (typeof SOURCE_COLUMNS)[T][number];

/** Values as the engine returns them: text or null, source_row a number, money and quantities exact strings. */
export type SourceRow<T extends SourceTable> = { [C in SourceColumn<T>]: C extends 'source_row' ? number : string | null };

export interface SourceRowsQuery<T extends SourceTable> extends Query<SourceRow<T>> {
  readonly table: T;
  /** The same events as a warehouse drill: where the data came from a warehouse, they are asked of it. */
  readonly warehouse?: EventScope;
}

/** A drill query over any one of the source tables. */
export type AnySourceRowsQuery = { [T in SourceTable]: SourceRowsQuery<T> }[SourceTable];

/** `from`: a table holding the same columns (the events a warehouse drill landed); `warehouse`: the drill that asks a warehouse for them. */
export function sourceRows<T extends SourceTable>(
  table: T,
  where: Condition,
  name = `source-rows/${table}`,
  opts: { from?: string; warehouse?: EventScope } = {},
): SourceRowsQuery<T> {
  return {
    ...defineQuery<SourceRow<T>>(
      name,
      `SELECT ${identList(SOURCE_COLUMNS[table])} FROM ${ident(opts.from ?? table)} WHERE ${where.sql}`,
      where.params,
    ),
    table,
    ...(opts.warehouse && { warehouse: opts.warehouse }),
  };
}
