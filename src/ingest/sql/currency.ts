/**
 * Currency codes and minor-unit amounts (cents, yen, fils) as billing systems export them:
 * validated ISO 4217 codes and integer minor units scaled to major units exactly, with the same
 * typed-twin and fast paths as money.ts.
 */
import { ident, literal } from '../../engine/sql';
import { knownCurrencies, currencyExponent } from '../../model/money';
import { typedTwin, type RawTypes } from '../raw';
import { cellError } from './cell-error';
import { MONEY_TOO_LARGE, MONEY_WHOLE_DIGITS } from './money';
import { text } from './text';

let currencyPatternSql: string | null = null;
/**
 * The known codes as one alternation for regexp_full_match: one pass of a compiled automaton per
 * cell, where `IN (<180 literals>)` compares the cell with each code in turn (a tenth of a load's
 * CPU on a 24-column cost file). Codes are three letters, so the full match is exact membership.
 */
function currencyPattern(): string {
  currencyPatternSql ??= literal(
    knownCurrencies()
      .map((c) => {
        if (!/^[A-Z]{3}$/.test(c)) throw new Error(`currency code ${c}: expected three letters A-Z`);
        return c;
      })
      .join('|'),
  );
  return currencyPatternSql;
}

const CURRENCY_EXPECTED = 'an ISO 4217 currency code such as USD, EUR, JPY';

/**
 * Upper-cased ISO 4217 code (`usd` reads USD); an unknown or missing code fails the load naming
 * the cell: a cost or charge without its currency cannot be added to any currency's totals.
 */
export function currencyCode(col: string | null | undefined, fallback?: string): string {
  if (!col) return fallback ? literal(fallback) : 'CAST(NULL AS VARCHAR)';
  const v = `upper(${text(col)})`;
  return `CASE WHEN regexp_full_match(${v}, ${currencyPattern()}) THEN ${v} ELSE ${cellError(col, text(col), CURRENCY_EXPECTED)} END`;
}

/** currencyCode() for a column that may be empty (FOCUS PricingCurrency): empty stays NULL, anything else must be a code. */
export function optionalCurrencyCode(col: string | null | undefined): string {
  if (!col) return 'CAST(NULL AS VARCHAR)';
  return `CASE WHEN ${text(col)} IS NULL THEN NULL ELSE ${currencyCode(col)} END`;
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

function scaleLiteral(exponent: number): string {
  return exponent === 0 ? '1' : '0.' + '0'.repeat(exponent - 1) + '1';
}

/** DECIMAL factor from a currency's minor units to its major units (0.01 for USD, 1 for JPY). */
export function minorScale(currencyExpr: string): string {
  const cases = [...exponentGroups()]
    .map(([e, codes]) => `WHEN ${currencyExpr} IN (${codes.map(literal).join(', ')}) THEN CAST('${scaleLiteral(e)}' AS DECIMAL(10,4))`)
    .join(' ');
  return `CASE ${cases} ELSE CAST('0.01' AS DECIMAL(10,4)) END`;
}

/** Integer twins whose every value fits DECIMAL(38,0). */
const INTEGER_TWIN = /^(DECIMAL\((\d+),\s*0\)|U?(TINYINT|SMALLINT|INTEGER|BIGINT))$/;

/** Major units an amount may reach: the bound money.ts puts on decimal amounts, so sums fit DECIMAL(38,18). */
const MAJOR_LIMIT = `1${'0'.repeat(MONEY_WHOLE_DIGITS)}`;

/** `minor` (DECIMAL(38,0)) in major units, refused when its magnitude reaches the money bound. */
function boundedMajor(col: string, minor: string, currencyExpr: string, shown: string): string {
  const major = `(${minor} * ${minorScale(currencyExpr)})`;
  return `CASE WHEN abs(${major}) < ${MAJOR_LIMIT} THEN CAST(${major} AS DECIMAL(38,18)) ELSE ${cellError(col, shown, MONEY_TOO_LARGE)} END`;
}

/**
 * Integer minor units (cents, yen, fils) in column `col` -> major units as DECIMAL(38,18), exactly.
 * Fast path: up to 15 digits go through BIGINT (exact, cheaper than the 128-bit string cast in
 * wasm) and always fit; longer ones and integer typed twins are checked against the money bound.
 */
export function minorToMajor(col: string, currencyExpr: string, typed?: RawTypes): string {
  const twinType = typed?.[col];
  if (twinType && INTEGER_TWIN.test(twinType)) {
    const twin = ident(typedTwin(col));
    return `CASE WHEN ${twin} IS NULL THEN NULL ELSE ${boundedMajor(col, `CAST(${twin} AS DECIMAL(38,0))`, currencyExpr, `CAST(${twin} AS VARCHAR)`)} END`;
  }
  const v = text(col);
  return (
    `CASE WHEN ${v} IS NULL THEN NULL ` +
    `WHEN regexp_full_match(${v}, '-?[0-9]{1,15}') THEN CAST(CAST(CAST(${v} AS BIGINT) AS DECIMAL(38,0)) * ${minorScale(currencyExpr)} AS DECIMAL(38,18)) ` +
    `WHEN regexp_full_match(${v}, '-?[0-9]+(\\.0+)?') AND TRY_CAST(${v} AS DECIMAL(38,0)) IS NOT NULL THEN ${boundedMajor(col, `CAST(${v} AS DECIMAL(38,0))`, currencyExpr, v)} ` +
    `ELSE ${cellError(col, v, 'an integer amount in minor units (cents)')} END`
  );
}
