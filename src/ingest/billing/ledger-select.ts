/**
 * The shared tail of every ledger adapter: resolve header candidates, convert amounts (major or
 * minor units), validate currency, quantity and period, and emit the canonical invoice_lines SELECT.
 * Each ledger format is then a table of header candidates plus a kind mapping.
 */
import type { MapContext } from '../adapter';
import {
  KEY,
  canonicalSelect,
  currencyCode,
  decimal,
  findHeader,
  hasHeaders,
  minorScale,
  minorToMajor,
  nonNegative,
  periodEnd,
  text,
  timestamp,
  type LocaleDateFormat,
} from '../sql';

/** Header candidates per canonical field (first match wins; matching ignores case and separators). */
export interface LedgerFields {
  invoice_id?: string[];
  line_id?: string[];
  customer_id?: string[];
  sku?: string[];
  period_start?: string[];
  period_end?: string[];
  issued_at?: string[];
  quantity?: string[];
  /** Unit price in major units. */
  unit_price?: string[];
  /** Unit price in minor units (Stripe unit_amount_decimal, Chargebee unit_amount). */
  unit_price_minor?: string[];
  /** Amount in major units (decimal string). */
  amount?: string[];
  /** Amount in integer minor units (cents). Used when no major-unit amount is present. */
  amount_minor?: string[];
  /** Minor-unit amount subtracted from amount_minor (Lago fee totals include taxes). */
  minus_minor?: string[];
  currency?: string[];
  kind?: string[];
  ref_line_id?: string[];
}

export interface LedgerSpec {
  format: string;
  fields: LedgerFields;
  /** SQL over the raw kind value (`k`, already trimmed/lower) -> canonical kind. */
  kindSql?: (k: string) => string;
  defaultKind?: string;
  /** Negate amounts (credit notes export positive amounts). */
  negate?: boolean;
  defaultCurrency?: string;
  /** The locale date format the saved mapping declares for its date columns (e.g. D/M/YYYY). */
  dateFormat?: LocaleDateFormat;
}

function pick(h: readonly string[], c?: string[]): string | undefined {
  return c ? findHeader(h, c, KEY) : undefined;
}

/**
 * A text field from every present candidate, first non-null in candidate order: flattened API
 * JSON has a column for each path any record has (Stripe's `price.lookup_key` is null on prices
 * without one, and `price.product` then names the SKU).
 */
function firstText(h: readonly string[], c?: string[]): string {
  const cols = [...new Set((c ?? []).map((n) => findHeader(h, n, KEY)).filter((x): x is string => !!x))];
  return cols.length > 1 ? `COALESCE(${cols.map(text).join(', ')})` : text(cols[0]);
}

export function ledgerSelectSql(spec: LedgerSpec, h: readonly string[], ctx: MapContext, where?: string): string {
  const F = spec.fields;
  const typed = ctx.typed;
  const curCol = pick(h, F.currency);
  const currency = currencyCode(curCol, spec.defaultCurrency);
  const majorCol = pick(h, F.amount);
  const minorCol = pick(h, F.amount_minor);
  const minusCol = pick(h, F.minus_minor);
  let amount = 'NULL';
  if (majorCol) amount = decimal(majorCol, { typed });
  else if (minorCol) {
    amount = minorToMajor(minorCol, currency, typed);
    if (minusCol) amount = `(${amount} - coalesce(${minorToMajor(minusCol, currency, typed)}, 0))`;
  }
  if (spec.negate) amount = `(-${amount})`;
  const upCol = pick(h, F.unit_price);
  const upMinorCol = pick(h, F.unit_price_minor);
  let unitPrice = 'NULL';
  if (upCol) unitPrice = decimal(upCol, { typed });
  else if (upMinorCol) unitPrice = `CAST(${decimal(upMinorCol, { typed, type: 'DECIMAL(38,12)' })} * ${minorScale(currency)} AS DECIMAL(38,18))`;
  const startCol = pick(h, F.period_start);
  const endCol = pick(h, F.period_end);
  const start = timestamp(startCol, { epoch: true, typed, dates: ctx.dates, dateFormat: spec.dateFormat });
  const end = timestamp(endCol, { epoch: true, typed, dates: ctx.dates, dateFormat: spec.dateFormat });
  const kindCol = pick(h, F.kind);
  const k = `lower(${firstText(h, F.kind)})`;
  const kind = kindCol && spec.kindSql ? `coalesce(${spec.kindSql(k)}, ${k})` : kindCol ? k : `'${spec.defaultKind ?? 'fee'}'`;
  const quantityCol = pick(h, F.quantity);
  return canonicalSelect(
    'invoice_lines',
    spec.format,
    {
      invoice_id: firstText(h, F.invoice_id),
      line_id: firstText(h, F.line_id),
      customer_id: firstText(h, F.customer_id),
      sku: firstText(h, F.sku),
      period_start: start,
      period_end: endCol && startCol ? periodEnd(start, end, endCol) : end,
      issued_at: timestamp(pick(h, F.issued_at), { epoch: true, typed, dates: ctx.dates, dateFormat: spec.dateFormat }),
      quantity: quantityCol ? nonNegative(quantityCol, decimal(quantityCol, { typed })) : 'NULL',
      unit_price: unitPrice,
      amount,
      currency,
      kind,
      x_ref_line_id: firstText(h, F.ref_line_id),
    },
    ctx,
    where,
  );
}

/** Columns that identify a ledger format at detection time: true when all groups match. */
export function detectAll(h: readonly string[], groups: string[][]): boolean {
  return hasHeaders(h, groups, KEY);
}
