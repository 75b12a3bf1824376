/**
 * SQL expression builders shared by the billing adapters: header lookup tolerant of renamed and
 * flattened columns, exact decimal casts, timestamps in any of the shapes billing systems write
 * (ISO-8601 with or without offset, plain dates, Unix seconds or milliseconds), minor-unit
 * amounts to major units without a float, and in-SQL validation that fails the whole load with
 * a message naming file, row and column (DuckDB's error()).
 */
import { ident, literal } from '../../engine/sql';
import { cellError } from '../map-sql';
import { knownCurrencies, currencyExponent } from '../../model/money';

/** Normalised header key: lower case, separators (space, dash, dot, slash, colon) folded to `_`. */
export function headerKey(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s\-./:[\]]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The first header matching any candidate (by normalised key), or null. */
export function findHeader(headers: readonly string[], ...candidates: string[]): string | null {
  const keys = headers.map(headerKey);
  for (const c of candidates) {
    const i = keys.indexOf(headerKey(c));
    if (i >= 0) return headers[i];
  }
  return null;
}

/** True when every group has at least one matching header. */
export function hasAll(headers: readonly string[], groups: readonly (readonly string[])[]): boolean {
  return groups.every((g) => findHeader(headers, ...g) !== null);
}

/** A raw column as a trimmed VARCHAR with '' as NULL, or SQL NULL when the column is absent. */
export function text(col: string | null): string {
  return col ? `NULLIF(trim(${ident(col)}), '')` : 'CAST(NULL AS VARCHAR)';
}

/** Raises a load error naming the data row and the column (the pipeline adds the file). */
export function failSql(column: string, expected: string, valueExpr: string): string {
  return cellError(column, `coalesce(${valueExpr}, 'empty')`, expected);
}

/** An exact decimal cast; an unparsable value fails the load naming the cell. */
export function decimalSql(col: string | null, type = 'DECIMAL(38,18)'): string {
  if (!col) return `CAST(NULL AS ${type})`;
  const v = text(col);
  return `coalesce(TRY_CAST(${v} AS ${type}), CASE WHEN ${v} IS NULL THEN NULL ELSE ${failSql(col, 'a decimal number', v)} END)`;
}

/** A non-negative quantity: negative values fail the load (credits carry negative amounts, not quantities). */
export function quantitySql(col: string | null): string {
  if (!col) return 'CAST(NULL AS DECIMAL(38,18))';
  const v = text(col);
  const d = decimalSql(col);
  return `CASE WHEN ${v} IS NOT NULL AND TRY_CAST(${v} AS DECIMAL(38,18)) < 0 THEN ${failSql(col, 'a quantity of 0 or more', v)} ELSE ${d} END`;
}

/** ISO-8601 (any offset, converted to UTC), a plain date, or Unix seconds / milliseconds -> TIMESTAMP. */
export function timestampSql(col: string | null): string {
  if (!col) return 'CAST(NULL AS TIMESTAMP)';
  const v = text(col);
  // ISO text first (the common case, one cast); digits only = Unix seconds (<= 11 digits) or milliseconds.
  return (
    `coalesce(CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP), CASE WHEN ${v} IS NULL THEN NULL ` +
    `WHEN regexp_full_match(${v}, '[0-9]{12,}') THEN make_timestamp(CAST(${v} AS BIGINT) * 1000) ` +
    `WHEN regexp_full_match(${v}, '[0-9]{1,11}(\\.[0-9]+)?') THEN make_timestamp(CAST(CAST(${v} AS DECIMAL(38,6)) * 1000000 AS BIGINT)) ` +
    `ELSE ${failSql(col, 'a date or timestamp (ISO-8601 or Unix seconds)', v)} END)`
  );
}

let currencyListSql: string | null = null;
function currencyList(): string {
  currencyListSql ??= knownCurrencies().map(literal).join(', ');
  return currencyListSql;
}

/** Upper-cased ISO 4217 code; an unknown or missing code fails the load naming the cell. */
export function currencySql(col: string | null, fallback?: string): string {
  if (!col) return fallback ? literal(fallback) : 'CAST(NULL AS VARCHAR)';
  const v = `upper(${text(col)})`;
  return `CASE WHEN ${v} IN (${currencyList()}) THEN ${v} ELSE ${failSql(col, 'an ISO 4217 currency code such as USD, EUR, JPY', text(col))} END`;
}

/** Minor units of each currency exponent other than 2, for SQL-side scaling. */
function exponentGroups(): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const c of knownCurrencies()) {
    const e = currencyExponent(c);
    if (e === 2) continue;
    groups.set(e, [...(groups.get(e) ?? []), c]);
  }
  return groups;
}

/** DECIMAL factor from a currency's minor units to its major units (0.01 for USD, 1 for JPY). */
export function minorScaleSql(currencyExpr: string): string {
  const cases = [...exponentGroups()]
    .map(([e, codes]) => `WHEN ${currencyExpr} IN (${codes.map(literal).join(', ')}) THEN CAST('${scaleLiteral(e)}' AS DECIMAL(10,4))`)
    .join(' ');
  return `CASE ${cases} ELSE CAST('0.01' AS DECIMAL(10,4)) END`;
}

/** Integer minor units (cents, yen, fils) -> major units as DECIMAL(38,18), exactly. */
export function minorToMajorSql(minorExpr: string, currencyExpr: string, col: string): string {
  const v = `NULLIF(trim(${minorExpr}), '')`;
  const minor = `CASE WHEN ${v} IS NULL THEN NULL WHEN TRY_CAST(${v} AS DECIMAL(38,0)) IS NULL OR NOT regexp_full_match(${v}, '-?[0-9]+(\\.0+)?') THEN ${failSql(col, 'an integer amount in minor units (cents)', v)} ELSE CAST(${v} AS DECIMAL(38,0)) END`;
  return `CAST(${minor} * ${minorScaleSql(currencyExpr)} AS DECIMAL(38,18))`;
}

function scaleLiteral(exponent: number): string {
  return exponent === 0 ? '1' : '0.' + '0'.repeat(exponent - 1) + '1';
}

/** Fails the load when a period ends before it starts. */
export function periodCheckSql(startExpr: string, endExpr: string, endCol: string): string {
  return `CASE WHEN ${endExpr} < ${startExpr} THEN ${failSql(endCol, 'a period end on or after the period start', `CAST(${endExpr} AS VARCHAR)`)} ELSE ${endExpr} END`;
}

/** A JSON text column's numeric member (no json extension offline): `"key": 12.5` or `"key": "12.5"`. */
export function jsonNumberSql(jsonCol: string, key: string): string {
  const pattern = `"${key.replace(/[^A-Za-z0-9_$-]/g, '')}"\\s*:\\s*"?(-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?)`;
  return `NULLIF(regexp_extract(${ident(jsonCol)}, ${literal(pattern)}, 1), '')`;
}

/** A JSON text column's string member. */
export function jsonStringSql(jsonCol: string, key: string): string {
  const pattern = `"${key.replace(/[^A-Za-z0-9_$-]/g, '')}"\\s*:\\s*"([^"]*)"`;
  return `NULLIF(regexp_extract(${ident(jsonCol)}, ${literal(pattern)}, 1), '')`;
}


/**
 * Required columns as the file spells them (the pipeline compares names exactly). Each entry may
 * list alternatives as 'a|b'; a missing column is reported under its first name.
 */
export function requiredHeaders(headers: readonly string[], names: readonly string[]): string[] {
  return names.map((n) => {
    const alts = n.split('|');
    return findHeader(headers, ...alts) ?? alts[0];
  });
}
