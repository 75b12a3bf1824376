/**
 * Exact decimal cells (money, quantities, prices) as DECIMAL, never through a float. Every
 * adapter reads them here, so cost and billing files get the same fast path and typed twins.
 *
 * Fast paths, through integer arithmetic: DuckDB's string -> DECIMAL(38,x) cast costs 4-20 µs a
 * value (wasm and native alike), a string -> BIGINT cast about 0.1 µs. A plain `[-]digits` cell of
 * at most 18 digits is cast through BIGINT; a plain `[-]digits.digits` cell of at most 18 + 18
 * digits as its two halves (BIGINT integer part, DECIMAL(18,18) fraction such as '.25') added.
 * Both give the general cast's exact value (test/unit/ingest/fast-path-property.test.ts).
 * Everything else (exponents, spaces, 19+ digits, errors) takes the general checked cast
 * (decimalChecked), so refusals read the same.
 *
 * A column with an exact numeric typed twin (Parquet DECIMAL or integer) is cast from the twin:
 * no text round trip; a value too large for the target type stops the load naming its cell.
 */
import { ident } from '../../engine/sql';
import { MONEY } from '../../model/schema';
import { EXACT_NUMERIC, typedTwin, type RawTypes } from '../raw';
import { cellError, checked } from './cell-error';
import { text } from './text';

export interface DecimalOptions {
  /** The raw relation's typed twins (MapContext.typed). */
  typed?: RawTypes;
  /** Target DECIMAL type; DECIMAL(38,18) by default. */
  type?: string;
  /** What the error says was expected; 'a decimal number' by default. */
  expected?: string;
}

/** A decimal cell (plain or scientific notation) as DECIMAL(38,18) (or opts.type), exact; NULL when the column is absent. */
export function decimal(col: string | null | undefined, opts: DecimalOptions = {}): string {
  const type = opts.type ?? MONEY;
  if (!col) return `CAST(NULL AS ${type})`;
  const twinType = opts.typed?.[col];
  if (twinType && EXACT_NUMERIC.test(twinType)) return decimalFromTwin(col, twinType, type);
  return decimalFromText(col, ident(col), text(col), { type, expected: opts.expected });
}

/** decimal() as DECIMAL(38,18): cost and billing amounts. */
export function money(col: string | null | undefined, typed?: RawTypes): string {
  return decimal(col, { typed });
}

/**
 * The decimal value of a text expression: `raw` as stored (the fast paths' test), `trimmed` as
 * text() gives it (the general cast). `label` names the cell in errors.
 */
export function decimalFromText(label: string, raw: string, trimmed: string, opts: Omit<DecimalOptions, 'typed'> = {}): string {
  const type = opts.type ?? MONEY;
  const general = decimalChecked(label, trimmed, opts);
  // Both fast paths need 18 whole digits in the target type (every billing and cost type has 20+).
  if (wholeDigits(type) < 18) return general;
  const dot = `strpos(${raw}, '.')`;
  const integer = `CAST(CAST(${raw} AS BIGINT) AS ${type})`;
  const whole = `CAST(CAST(${raw}[1:${dot} - 1] AS BIGINT) AS ${MONEY})`;
  const fraction = `CAST(CAST(${raw}[${dot}:] AS DECIMAL(18,18)) AS ${MONEY})`;
  const halves = `CASE WHEN starts_with(${raw}, '-') THEN ${whole} - ${fraction} ELSE ${whole} + ${fraction} END`;
  return (
    `CASE WHEN regexp_full_match(${raw}, '-?[0-9]{1,18}(\\.[0-9]{1,18})?') ` +
    `THEN CASE WHEN ${dot} = 0 THEN ${integer} ELSE ${type === MONEY ? halves : `CAST(${halves} AS ${type})`} END ELSE ${general} END`
  );
}

/** The general checked cast of a trimmed text expression: DuckDB's own string -> DECIMAL, refusing what does not convert. */
export function decimalChecked(label: string, trimmed: string, opts: Omit<DecimalOptions, 'typed'> = {}): string {
  const type = opts.type ?? MONEY;
  return checked(label, trimmed, `TRY_CAST(${trimmed} AS ${type})`, opts.expected ?? 'a decimal number');
}

/** Whole-number digits a DuckDB exact numeric type can hold. */
function wholeDigits(type: string): number {
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)/.exec(type);
  if (dec) return Number(dec[1]) - Number(dec[2]);
  const digits: Record<string, number> = {
    TINYINT: 3,
    SMALLINT: 5,
    INTEGER: 10,
    BIGINT: 19,
    HUGEINT: 39,
    UTINYINT: 3,
    USMALLINT: 5,
    UINTEGER: 10,
    UBIGINT: 20,
    UHUGEINT: 39,
  };
  return digits[type] ?? 39;
}

/**
 * A typed twin as `type`: a plain CAST when every value of its type fits (DECIMAL(38,18): 20
 * whole digits), else a range check first (as cheap as the cast; TRY_CAST between decimals is
 * ten times slower), so a value beyond the range stops the load naming its cell.
 */
function decimalFromTwin(col: string, twinType: string, type: string): string {
  const twin = ident(typedTwin(col));
  const room = wholeDigits(type);
  if (wholeDigits(twinType) <= room) return `CAST(${twin} AS ${type})`;
  const limit = `CAST('1${'0'.repeat(room)}' AS ${twinType})`;
  return (
    `CASE WHEN abs(${twin}) < ${limit} THEN CAST(${twin} AS ${type}) ` +
    `WHEN ${twin} IS NULL THEN NULL ELSE ${cellError(col, `CAST(${twin} AS VARCHAR)`, `a decimal number that fits ${type}`)} END`
  );
}

/**
 * `value` (a decimal expression of column `col`), stopping the load when it is negative; the
 * error shows the cell as written (`shown`, text() by default).
 */
export function nonNegative(col: string, value: string, expected = 'a quantity of 0 or more', shown = text(col)): string {
  return `CASE WHEN ${value} < 0 THEN ${cellError(col, shown, expected)} ELSE ${value} END`;
}
