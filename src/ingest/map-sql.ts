/**
 * Building blocks for adapters' SELECTs over a raw relation. Every typed cell goes through a
 * checked conversion: a value that does not parse stops the load with DuckDB's error(), carrying
 * the row, the source column, what was expected and the value (the pipeline turns that into a
 * UserError). Empty and whitespace-only cells are NULL.
 */
import { ident, literal } from '../engine/sql';
import { MONEY } from '../model/schema';
import { EXACT_NUMERIC, TEMPORAL, typedTwin, type RawTypes } from './raw';

/** Marker that tags our cell errors inside DuckDB's error message. */
export const CELL_ERROR_MARK = '\u001fFINOPS_CELL';
const SEP = '\u001f';

/**
 * The raw cell as trimmed text, NULL when empty. Same as NULLIF(trim(c), ''), but trims only the
 * cells that need it: most cells have no edge spaces, and trim() copies every string it sees.
 */
export function text(col: string): string {
  const c = ident(col);
  return `CASE WHEN starts_with(${c}, ' ') OR ends_with(${c}, ' ') OR ${c} = '' THEN NULLIF(trim(${c}), '') ELSE ${c} END`;
}

/** A raw cell, or NULL when the column is absent from this file. */
export function textOrNull(headers: readonly string[], col: string | undefined): string {
  return col && headers.includes(col) ? text(col) : 'CAST(NULL AS VARCHAR)';
}

/** Stops the load: the pipeline parses this into `<file>: row N, column "X": expected ..., got "v"`. */
export function cellError(col: string, value: string, expected: string): string {
  return `error(${literal(CELL_ERROR_MARK + SEP)} || "__row" || ${literal(SEP + col + SEP + expected + SEP)} || ${value})`;
}

/** `value` converted by `tryExpr` (NULL = did not parse); a non-NULL value that fails is an error. */
export function checked(col: string, value: string, tryExpr: string, expected: string): string {
  return `COALESCE(${tryExpr}, CASE WHEN ${value} IS NULL THEN NULL ELSE ${cellError(col, value, expected)} END)`;
}

/**
 * A decimal cell (plain or scientific notation) as DECIMAL(38,18), exact.
 *
 * Fast path: a plain `[-]digits.digits` cell of at most 18 + 18 digits is cast as its two halves
 * (BIGINT integer part, DECIMAL(18,18) fraction such as '.25') and added. The wasm build has no
 * native 128-bit integers, so DuckDB's string -> DECIMAL(38,18) cast costs about twice as much;
 * the halves give the same exact value. Everything else (exponents, spaces, 19+ digits, errors) takes the
 * general checked cast.
 *
 * A column with an exact numeric typed twin (Parquet DECIMAL or integer) is cast from the twin:
 * no text round trip; a value too large for DECIMAL(38,18) stops the load naming its cell.
 */
export function money(col: string, typed?: RawTypes): string {
  if (typed?.[col] && EXACT_NUMERIC.test(typed[col])) return moneyFromTwin(col, typed[col]);
  const c = ident(col);
  const v = text(col);
  const general = checked(col, v, `TRY_CAST(${v} AS ${MONEY})`, 'a decimal number');
  const dot = `strpos(${c}, '.')`;
  const whole = `CAST(CAST(${c}[1:${dot} - 1] AS BIGINT) AS ${MONEY})`;
  const fraction = `CAST(CAST(${c}[${dot}:] AS DECIMAL(18,18)) AS ${MONEY})`;
  return (
    `CASE WHEN regexp_full_match(${c}, '-?[0-9]{1,18}\\.[0-9]{1,18}') ` +
    `THEN CASE WHEN starts_with(${c}, '-') THEN ${whole} - ${fraction} ELSE ${whole} + ${fraction} END ` +
    `ELSE ${general} END`
  );
}

/** Whole-number digits a DuckDB exact numeric type can hold. */
function wholeDigits(type: string): number {
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)/.exec(type);
  if (dec) return Number(dec[1]) - Number(dec[2]);
  const digits: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 19, HUGEINT: 39, UTINYINT: 3, USMALLINT: 5, UINTEGER: 10, UBIGINT: 20, UHUGEINT: 39 };
  return digits[type] ?? 39;
}

/**
 * A typed twin as money: a plain CAST when every value of its type fits DECIMAL(38,18) (20 whole
 * digits), else a range check first (as cheap as the cast; TRY_CAST between decimals is ten
 * times slower), so a value beyond the range stops the load naming its cell.
 */
function moneyFromTwin(col: string, type: string): string {
  const twin = ident(typedTwin(col));
  if (wholeDigits(type) <= 20) return `CAST(${twin} AS ${MONEY})`;
  return (
    `CASE WHEN abs(${twin}) < CAST('100000000000000000000' AS ${type}) THEN CAST(${twin} AS ${MONEY}) ` +
    `WHEN ${twin} IS NULL THEN NULL ELSE ${cellError(col, `CAST(${twin} AS VARCHAR)`, 'a decimal number that fits DECIMAL(38,18)')} END`
  );
}

/** Same as money() for quantities. */
export const quantity = money;

/**
 * A timestamp cell as a UTC TIMESTAMP: ISO 8601 (T or space, Z / ±hh:mm offsets converted to UTC,
 * no offset = UTC, ' UTC' suffix) or a date. `formats` adds strptime patterns an adapter's source
 * uses (Azure's M/D/YYYY, OCI's 2023-11-13T10:00Z); each costs planning time, so only where needed.
 * A typed twin (Parquet timestamp or date) is cast directly; time-zone-aware ones are UTC already.
 */
export function timestamp(col: string, formats: readonly string[] = [], typed?: RawTypes): string {
  if (typed?.[col] && TEMPORAL.test(typed[col])) return `CAST(${ident(typedTwin(col))} AS TIMESTAMP)`;
  const v = text(col);
  const alternatives = [`CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP)`, ...formats.map((f) => `TRY_STRPTIME(${v}, ${literal(f)})`)];
  const tryExpr = alternatives.length > 1 ? `COALESCE(${alternatives.join(', ')})` : alternatives[0];
  return checked(col, v, tryExpr, 'a date or timestamp like 2024-01-31T00:00:00Z');
}

/** A BIGINT cell. */
export function integer(col: string): string {
  const v = text(col);
  return checked(col, v, `TRY_CAST(${v} AS BIGINT)`, 'a whole number');
}

/** JSON string-literal quoting in SQL (for building tag objects without the json extension). */
export function jsonQuoteSql(expr: string): string {
  return (
    `'"' || replace(replace(replace(replace(replace(${expr}, '\\', '\\\\'), '"', '\\"'), chr(10), '\\n'), ` +
    `chr(13), '\\r'), chr(9), '\\t') || '"'`
  );
}

/** Parses a cell error raised by checked(); null when the message is something else. */
export function parseCellError(message: string): { row: number; column: string; expected: string; value: string } | null {
  const at = message.indexOf(CELL_ERROR_MARK);
  if (at < 0) return null;
  const parts = message.slice(at + CELL_ERROR_MARK.length + 1).split(SEP);
  if (parts.length < 4) return null;
  const value = parts.slice(3).join(SEP).replace(/\n+LINE \d+:[\s\S]*$/, '');
  return { row: Number(parts[0]), column: parts[1], expected: parts[2], value };
}

/** Case-insensitive header lookup: the name as written in the file, or undefined. */
export function findHeader(headers: readonly string[], ...names: string[]): string | undefined {
  for (const n of names) {
    const exact = headers.find((h) => h === n);
    if (exact) return exact;
    const lower = n.toLowerCase();
    const ci = headers.find((h) => h.toLowerCase() === lower);
    if (ci) return ci;
  }
  return undefined;
}
