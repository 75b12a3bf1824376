/**
 * Exact decimal cells (money, quantities, prices) as DECIMAL, never through a float. Every
 * adapter reads them here, so cost and billing files get the same fast path and typed twins.
 *
 * Fast paths, through integer arithmetic: DuckDB's string -> DECIMAL(38,x) cast costs 4-20 µs a
 * value (wasm and native alike), a string -> BIGINT or DECIMAL(18,x) cast about 0.1 µs. A plain
 * `[-]digits[.digits]` cell of at most 18 digits (10 decimals) is cast through DECIMAL(18,10). A plain `[-]digits` cell of
 * at most 15 digits (money; 18 for other types) is cast through BIGINT; a plain `[-]digits.digits`
 * cell of at most 15 + 18 digits as its two halves (BIGINT integer part, DECIMAL(18,18) fraction
 * such as '.25') added. Both give the general cast's exact value (test/unit/ingest/fast-path-property.test.ts).
 * Everything else (exponents, spaces, 16+ digits, errors) takes the general checked cast
 * (decimalChecked), which refuses what it cannot keep exactly, so refusals read the same.
 *
 * A column with an exact numeric typed twin (Parquet DECIMAL or integer) is cast from the twin:
 * no text round trip; a value too large for the target type stops the load naming its cell.
 */
import { ident } from '../../engine/sql';
import { MONEY } from '../../model/schema';
import { EXACT_NUMERIC, typedTwin, type RawTypes } from '../raw';
import { cellError } from './cell-error';
import { noteDecimalCell } from './rounding';
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
 * Whole digits an amount may have: sums of 100,000 amounts of this size still fit DECIMAL(38,18)
 * (20 whole digits, ±1e20), so totals and margins never overflow. Larger ones are refused at load.
 */
export const MONEY_WHOLE_DIGITS = 15;
export const MONEY_TOO_LARGE = `an amount under 1e${MONEY_WHOLE_DIGITS} in magnitude (sums of larger ones would overflow DECIMAL(38,18))`;

/** The one number shape we read: plain digits with an optional point and exponent (no digit separators, no NaN/Infinity). */
const NUMBER_SHAPE = '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?';
/** Digits grouped by thousands separators (1,234.56, 1_000.50): refused with the rule in the error. */
const GROUPED_SHAPE = '[+-]?[0-9]{1,3}([,_ ][0-9]{3})+(\\.[0-9]*)?';
export const NO_SEPARATORS = 'a number written without digit separators, like 1234.56 (not 1,234.56 or 1_000.50)';

/** Precision and scale of a DECIMAL(p,s) type name. */
function decimalShape(type: string): { precision: number; scale: number } {
  const m = /^DECIMAL\((\d+),\s*(\d+)\)/.exec(type);
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : { precision: 38, scale: 18 };
}

/**
 * The decimal value of a text expression: `raw` as stored (the fast paths' test), `trimmed` as
 * text() gives it (the general cast). `label` names the cell in errors.
 */
export function decimalFromText(label: string, raw: string, trimmed: string, opts: Omit<DecimalOptions, 'typed'> = {}): string {
  const type = opts.type ?? MONEY;
  const { precision, scale } = decimalShape(type);
  const general = decimalChecked(label, trimmed, opts);
  // Fast paths: whole digits within the bound (money: MONEY_WHOLE_DIGITS; BIGINT: 18) and at most 18 decimals.
  const digits = Math.min(type === MONEY ? MONEY_WHOLE_DIGITS : precision - scale, 18);
  if (scale > 18 || digits < 1) return general;
  const integer = `CAST(CAST(${raw} AS BIGINT) AS ${type})`;
  if (scale === 0) return `CASE WHEN regexp_full_match(${raw}, '-?[0-9]{1,${digits}}') THEN ${integer} ELSE ${general} END`;
  // Most cells fit DECIMAL(18,f) (f = min(scale, 10)): one cast on int64 arithmetic, twenty times cheaper than the halves.
  const small = Math.min(scale, 10);
  const smallWhole = Math.min(digits, 18 - small);
  const smallPath = `WHEN regexp_full_match(${raw}, '-?[0-9]{1,${smallWhole}}(\\.[0-9]{1,${small}})?') THEN CAST(CAST(${raw} AS DECIMAL(18,${small})) AS ${type}) `;
  const dot = `strpos(${raw}, '.')`;
  const whole = `CAST(CAST(${raw}[1:${dot} - 1] AS BIGINT) AS ${MONEY})`;
  const fraction = `CAST(CAST(${raw}[${dot}:] AS DECIMAL(18,18)) AS ${MONEY})`;
  const halves = `CASE WHEN starts_with(${raw}, '-') THEN ${whole} - ${fraction} ELSE ${whole} + ${fraction} END`;
  return (
    `CASE ${smallPath}WHEN regexp_full_match(${raw}, '-?[0-9]{1,${digits}}(\\.[0-9]{1,${Math.min(scale, 18)}})?') ` +
    `THEN CASE WHEN ${dot} = 0 THEN ${integer} ELSE ${type === MONEY ? halves : `CAST(${halves} AS ${type})`} END ELSE ${general} END`
  );
}

/**
 * The general checked cast of a trimmed text expression, refusing anything but a plain number
 * (digit separators get the one rule in their error) and for money MONEY_WHOLE_DIGITS whole
 * digits or more. More decimals than kept are rounded once, and counted for the load's notice (rounding.ts).
 */
export function decimalChecked(label: string, trimmed: string, opts: Omit<DecimalOptions, 'typed'> = {}): string {
  const type = opts.type ?? MONEY;
  const { scale } = decimalShape(type);
  const expected = opts.expected ?? 'a decimal number';
  const isMoney = type === MONEY;
  // Money is cast through a type with MONEY_WHOLE_DIGITS whole digits: a larger value does not convert.
  const bounded = isMoney
    ? `CAST(TRY_CAST(${trimmed} AS DECIMAL(${MONEY_WHOLE_DIGITS + scale},${scale})) AS ${type})`
    : `TRY_CAST(${trimmed} AS ${type})`;
  const tooLarge = isMoney ? MONEY_TOO_LARGE : `a number that fits ${type}`;
  const shape = `regexp_full_match(${trimmed}, '${NUMBER_SHAPE}')`;
  noteDecimalCell({ column: label, value: trimmed, type, scale });
  return (
    `CASE WHEN ${trimmed} IS NULL THEN NULL ` +
    // Real exports carry more than 18 decimals (Azure EA amortized cost: 22): rounded once, with a notice (rounding.ts).
    `WHEN ${shape} THEN COALESCE(${bounded}, ${cellError(label, trimmed, tooLarge)}) ` +
    `WHEN regexp_full_match(${trimmed}, '${GROUPED_SHAPE}') THEN ${cellError(label, trimmed, NO_SEPARATORS)} ` +
    `ELSE ${cellError(label, trimmed, expected)} END`
  );
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
  const room = type === MONEY ? MONEY_WHOLE_DIGITS : wholeDigits(type);
  const twinScale = /^DECIMAL\(\d+,\s*(\d+)\)/.exec(twinType)?.[1];
  const { scale } = decimalShape(type);
  const rounds = twinScale !== undefined && Number(twinScale) > scale;
  const shown = `CAST(${twin} AS VARCHAR)`;
  // A twin with more decimals than kept (Parquet DECIMAL(38,22)) is rounded once, as text amounts are, with the same notice.
  if (rounds) noteDecimalCell({ column: col, value: shown, type, scale });
  if (wholeDigits(twinType) <= room && !rounds) return `CAST(${twin} AS ${type})`;
  const limit = `CAST('1${'0'.repeat(room)}' AS ${twinType})`;
  const fits = type === MONEY ? MONEY_TOO_LARGE : `a decimal number that fits ${type}`;
  return (
    `CASE WHEN ${twin} IS NULL THEN NULL WHEN abs(${twin}) >= ${limit} THEN ${cellError(col, shown, fits)} ` + `ELSE CAST(${twin} AS ${type}) END`
  );
}

/**
 * `value` (a decimal expression of column `col`), stopping the load when it is negative; the
 * error shows the cell as written (`shown`, text() by default).
 */
export function nonNegative(col: string, value: string, expected = 'a quantity of 0 or more', shown = text(col)): string {
  return `CASE WHEN ${value} < 0 THEN ${cellError(col, shown, expected)} ELSE ${value} END`;
}
