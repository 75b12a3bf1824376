/**
 * FX rate files -> fx_rates (1 from_currency = rate to_currency on date), two layouts:
 * - plain CSV `date,from,to,rate` (one rate per row);
 * - the ECB reference rates (eurofxref-hist.csv): `Date,USD,JPY,...`, one row per date, each
 *   cell the units of that currency per 1 EUR, 'N/A' where none was published, a trailing comma.
 * Rates are exact decimals (at most 18 places, above 0); a bad cell fails the load naming it.
 */
import { literal } from '../../engine/sql';
import type { Adapter } from '../adapter';
import { TRAILING_COLUMN } from '../read-csv';
import { KEY, canonicalSelect, cellError, currencyCode, findHeader, requiredHeaders, text } from '../sql';

const COLS = {
  date: ['date', 'rate_date', 'as_of'],
  from: ['from', 'from_currency', 'base', 'base_currency', 'source_currency'],
  to: ['to', 'to_currency', 'quote', 'quote_currency', 'target_currency'],
  rate: ['rate', 'fx_rate', 'exchange_rate'],
};

/** A date cell (YYYY-MM-DD, an ISO timestamp's day, or the ECB daily file's '01 March 2024'). */
function dateSql(col: string): string {
  const v = text(col);
  return `coalesce(TRY_CAST(${v} AS DATE), CAST(TRY_STRPTIME(${v}, '%d %B %Y') AS DATE), ${cellError(col, v, 'a date (YYYY-MM-DD)')})`;
}

/** A rate cell: a plain decimal above 0 with at most 18 decimals (nothing rounded on the way in). */
function rateSql(col: string): string {
  const v = text(col);
  const ok = `regexp_full_match(${v}, '[0-9]+(\\.[0-9]{1,18})?|\\.[0-9]{1,18}') AND CAST(${v} AS DECIMAL(38,18)) > 0`;
  return `CASE WHEN ${v} IS NOT NULL AND ${ok} THEN CAST(${v} AS DECIMAL(38,18)) ELSE ${cellError(col, v, 'a rate above 0 (a plain decimal, at most 18 decimals)')} END`;
}

export const fxRatesAdapter: Adapter = {
  format: 'fx-rates',
  kind: 'fx',
  table: 'fx_rates',
  label: 'FX rates CSV (date, from, to, rate)',
  detect(h) {
    const all = Object.values(COLS).every((names) => findHeader(h, names, KEY));
    return all && !findHeader(h, ['sku', 'amount', 'customer_id'], KEY) ? { score: 0.9 } : null;
  },
  requiredColumns: (h) =>
    requiredHeaders(
      h,
      Object.values(COLS).map((n) => n.join('|')),
      KEY,
    ),
  signature: ['date', 'from', 'to', 'rate'],
  typedColumns: () => ({}),
  currencyColumn: 'to_currency',
  totalColumns: [],
  periodColumns: ['date', 'date'],
  selectSql(h, ctx) {
    const col = (k: keyof typeof COLS) => findHeader(h, COLS[k], KEY)!;
    return canonicalSelect(
      'fx_rates',
      'fx-rates',
      { date: dateSql(col('date')), from_currency: currencyCode(col('from')), to_currency: currencyCode(col('to')), rate: rateSql(col('rate')) },
      ctx,
    );
  },
};

const CODE = /^[A-Z]{3}$/;
/** The ECB file's currency columns: every header but Date and the trailing empty one. */
const ecbCurrencies = (h: readonly string[]) => h.slice(1).filter((c) => c.trim() !== '' && c !== TRAILING_COLUMN);

export const ecbRatesAdapter: Adapter = {
  format: 'ecb-eurofxref',
  kind: 'fx',
  table: 'fx_rates',
  label: 'ECB euro reference rates (eurofxref)',
  detect(h) {
    const codes = ecbCurrencies(h);
    return h[0]?.trim() === 'Date' && codes.length > 0 && codes.every((c) => CODE.test(c.trim())) ? { score: 0.95 } : null;
  },
  requiredColumns: (h) => [h[0]],
  signature: ['Date', 'USD', 'JPY'],
  typedColumns: () => ({}),
  currencyColumn: 'to_currency',
  totalColumns: [],
  periodColumns: ['date', 'date'],
  selectSql(h, ctx) {
    // One SELECT per currency column, cells without a rate ('N/A', empty) skipped.
    return ecbCurrencies(h)
      .map((c) => {
        const v = text(c);
        const where = `${v} IS NOT NULL AND upper(${v}) <> 'N/A'`;
        return canonicalSelect(
          'fx_rates',
          'ecb-eurofxref',
          { date: dateSql(h[0]), from_currency: literal('EUR'), to_currency: literal(c.trim()), rate: rateSql(c) },
          ctx,
          where,
        );
      })
      .join(' UNION ALL ');
  },
};
