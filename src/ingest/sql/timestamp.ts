/**
 * Timestamp cells as UTC TIMESTAMPs, for cost and billing adapters alike: ISO 8601 (T or space,
 * Z / ±hh:mm offsets converted to UTC, no offset = UTC, ' UTC' suffix) or a date, cast once.
 * A typed twin (Parquet timestamp or date) is cast directly; time-zone-aware ones are UTC already.
 *
 * Only text that starts with a four-digit year is cast (DuckDB reads `4/1/25` as 0004-01-25).
 * Locale dates (4/1/2025) are read in the format the mapping declares (`dateFormat`) or the one
 * the pipeline decided for the whole column (`dates`); otherwise they stop the load with
 * LOCALE_DATE_UNDECIDED, which the pipeline answers by deciding the column (../locale-dates.ts).
 */
import { ident, literal } from '../../engine/sql';
import { TEMPORAL, typedTwin, type RawTypes } from '../raw';
import { cellError } from './cell-error';
import { LOCALE_DATE_SHAPE, localeDateExample, localeDateSql, type LocaleDateFormat } from './locale-date';
import { text } from './text';

export interface TimestampOptions {
  /** strptime patterns a source uses besides ISO, starting with a four-digit year (OCI's minutes). */
  formats?: readonly string[];
  /** The locale date format the mapping declares for this column (Azure EA: M/D/YYYY). */
  dateFormat?: LocaleDateFormat;
  /** Locale date formats decided per raw column for this load (MapContext.dates). */
  dates?: Readonly<Record<string, LocaleDateFormat>>;
  /** Also accept Unix seconds (up to 11 digits, fraction allowed) and milliseconds (12+ digits): billing exports. */
  epoch?: boolean;
  /** The raw relation's typed twins (MapContext.typed). */
  typed?: RawTypes;
}

/** What a locale date with no declared or decided format is refused with (the pipeline's cue). */
export const LOCALE_DATE_UNDECIDED = 'a date in a format known for the column (declare it, e.g. M/D/YYYY)';

const ISO_START = `'[0-9][0-9][0-9][0-9][-/]*'`;

/**
 * ISO text `v` (starting YYYY- or YYYY/) as a UTC TIMESTAMP. An offset (+02:00, -0530) is applied
 * through TIMESTAMPTZ; text without one is cast to TIMESTAMP directly, four times cheaper (the
 * TIMESTAMP cast would ignore an offset, and a sign past the 8th character can only start one:
 * the date's own separators come earlier). A zone name the TIMESTAMP cast refuses goes through
 * TIMESTAMPTZ too, so every text converts as before (test/unit/ingest/fast-path-property.test.ts).
 */
export function isoTimestampSql(v: string): string {
  const zoned = `CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP)`;
  return `CASE WHEN contains(${v}[9:], '+') OR contains(${v}[9:], '-') THEN ${zoned} ELSE COALESCE(TRY_CAST(${v} AS TIMESTAMP), ${zoned}) END`;
}

/** A timestamp cell, or a typed NULL when the column is absent. */
export function timestamp(col: string | null | undefined, opts: TimestampOptions = {}): string {
  if (!col) return 'CAST(NULL AS TIMESTAMP)';
  const twinType = opts.typed?.[col];
  if (twinType && TEMPORAL.test(twinType)) return `CAST(${ident(typedTwin(col))} AS TIMESTAMP)`;
  // A cell already in the plain shape exports write (no edge spaces, no offset) is one TIMESTAMP cast,
  // the value the checked expression gives it: that shape makes text() the cell itself and takes
  // isoTimestampSql's no-offset branch. A cell the cast refuses (month 13) takes the checked way.
  const c = ident(col);
  const checked = timestampChecked(col, opts);
  if (opts.epoch) {
    // Whole Unix seconds (billing exports) are one BIGINT cast: digits only take no ISO, locale or
    // other branch before the epoch ones (no declared pattern may read them), and have no edge spaces to trim.
    if (opts.formats?.length || opts.dateFormat || opts.dates?.[col]) return checked;
    return `CASE WHEN regexp_full_match(${c}, '[0-9]{1,11}') THEN make_timestamp(CAST(${c} AS BIGINT) * 1000000) ELSE ${checked} END`;
  }
  return `CASE WHEN regexp_full_match(${c}, ${PLAIN_ISO}) THEN COALESCE(TRY_CAST(${c} AS TIMESTAMP), ${checked}) ELSE ${checked} END`;
}

/** YYYY-MM-DD, optionally with a T or space and hh:mm:ss[.ffffff] and a Z: no offset, nothing around it. */
const PLAIN_ISO = literal('[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?Z?)?');

/** A text timestamp cell through every form it may take (timestamp()'s checked path), refusing the rest naming the cell. */
export function timestampChecked(col: string, opts: TimestampOptions = {}): string {
  const v = text(col);
  const formats = opts.formats ?? [];
  const iso = [isoTimestampSql(v), ...formats.map((f) => `TRY_STRPTIME(${v}, ${literal(f)})`)];
  const locale = opts.dateFormat ?? opts.dates?.[col];
  const alternatives = [`CASE WHEN ${v} GLOB ${ISO_START} THEN ${iso.length > 1 ? `COALESCE(${iso.join(', ')})` : iso[0]} END`];
  if (locale) alternatives.push(localeDateSql(v, locale));
  const tryExpr = alternatives.length > 1 ? `COALESCE(${alternatives.join(', ')})` : alternatives[0];
  const expected = opts.epoch ? 'a date or timestamp (ISO-8601 or Unix seconds)' : 'a date or timestamp like 2024-01-31T00:00:00Z';
  const refused = locale
    ? `WHEN regexp_full_match(${v}, ${literal(LOCALE_DATE_SHAPE)}) THEN ${cellError(col, v, `a date like ${localeDateExample(locale)}`)} `
    : `WHEN regexp_full_match(${v}, ${literal(LOCALE_DATE_SHAPE)}) THEN ${cellError(col, v, LOCALE_DATE_UNDECIDED)} `;
  // Text first (the common case, one cast); digits only = Unix seconds (<= 11 digits) or milliseconds.
  const epoch = opts.epoch ? epochSql(v) : '';
  return `coalesce(${tryExpr}, CASE WHEN ${v} IS NULL THEN NULL ${epoch}${refused}ELSE ${cellError(col, v, expected)} END)`;
}

/**
 * CASE branches reading digits-only text `v` as Unix milliseconds (12+ digits) or seconds (up to 11
 * digits, fraction allowed). Seconds go through integer arithmetic (BIGINT, the fraction's first six
 * digits as microseconds): DuckDB's string -> DECIMAL(38,6) cast costs 50-100 times as much, and is
 * kept only for fractions beyond microseconds, which it rounds.
 */
export function epochSql(v: string): string {
  const dot = `strpos(${v}, '.')`;
  const micros = `CAST(${v}[1:${dot} - 1] AS BIGINT) * 1000000 + CAST(rpad(${v}[${dot} + 1:], 6, '0') AS BIGINT)`;
  return (
    `WHEN regexp_full_match(${v}, '[0-9]{1,11}') THEN make_timestamp(CAST(${v} AS BIGINT) * 1000000) ` +
    `WHEN regexp_full_match(${v}, '[0-9]{12,}') THEN make_timestamp(CAST(${v} AS BIGINT) * 1000) ` +
    `WHEN regexp_full_match(${v}, '[0-9]{1,11}\\.[0-9]{1,6}') THEN make_timestamp(${micros}) ` +
    `WHEN regexp_full_match(${v}, '[0-9]{1,11}\\.[0-9]+') THEN make_timestamp(CAST(CAST(${v} AS DECIMAL(38,6)) * 1000000 AS BIGINT)) `
  );
}

/** `end` (a timestamp expression of column `endCol`), stopping the load when it is before `start`. */
export function periodEnd(start: string, end: string, endCol: string): string {
  return `CASE WHEN ${end} < ${start} THEN ${cellError(endCol, `CAST(${end} AS VARCHAR)`, 'a period end on or after the period start')} ELSE ${end} END`;
}
