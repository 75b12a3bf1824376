/**
 * Timestamp cells as UTC TIMESTAMPs, for cost and billing adapters alike: ISO 8601 (T or space,
 * Z / ±hh:mm offsets converted to UTC, no offset = UTC, ' UTC' suffix) or a date, cast once.
 * A typed twin (Parquet timestamp or date) is cast directly; time-zone-aware ones are UTC already.
 */
import { ident, literal } from '../../engine/sql';
import { TEMPORAL, typedTwin, type RawTypes } from '../raw';
import { cellError, checked } from './cell-error';
import { text } from './text';

export interface TimestampOptions {
  /** strptime patterns a source uses besides ISO (Azure's M/D/YYYY); each costs planning time. */
  formats?: readonly string[];
  /** Also accept Unix seconds (up to 11 digits, fraction allowed) and milliseconds (12+ digits): billing exports. */
  epoch?: boolean;
  /** The raw relation's typed twins (MapContext.typed). */
  typed?: RawTypes;
}

/** A timestamp cell, or a typed NULL when the column is absent. */
export function timestamp(col: string | null | undefined, opts: TimestampOptions = {}): string {
  if (!col) return 'CAST(NULL AS TIMESTAMP)';
  const twinType = opts.typed?.[col];
  if (twinType && TEMPORAL.test(twinType)) return `CAST(${ident(typedTwin(col))} AS TIMESTAMP)`;
  const v = text(col);
  const formats = opts.formats ?? [];
  const alternatives = [`CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP)`, ...formats.map((f) => `TRY_STRPTIME(${v}, ${literal(f)})`)];
  const tryExpr = alternatives.length > 1 ? `COALESCE(${alternatives.join(', ')})` : alternatives[0];
  if (!opts.epoch) return checked(col, v, tryExpr, 'a date or timestamp like 2024-01-31T00:00:00Z');
  // Text first (the common case, one cast); digits only = Unix seconds (<= 11 digits) or milliseconds.
  return (
    `coalesce(${tryExpr}, CASE WHEN ${v} IS NULL THEN NULL ` +
    `WHEN regexp_full_match(${v}, '[0-9]{12,}') THEN make_timestamp(CAST(${v} AS BIGINT) * 1000) ` +
    `WHEN regexp_full_match(${v}, '[0-9]{1,11}(\\.[0-9]+)?') THEN make_timestamp(CAST(CAST(${v} AS DECIMAL(38,6)) * 1000000 AS BIGINT)) ` +
    `ELSE ${cellError(col, v, 'a date or timestamp (ISO-8601 or Unix seconds)')} END)`
  );
}

/** `end` (a timestamp expression of column `endCol`), stopping the load when it is before `start`. */
export function periodEnd(start: string, end: string, endCol: string): string {
  return `CASE WHEN ${end} < ${start} THEN ${cellError(endCol, `CAST(${end} AS VARCHAR)`, 'a period end on or after the period start')} ELSE ${end} END`;
}
