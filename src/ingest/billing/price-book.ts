/**
 * Price book CSV -> price_book. One row per SKU × currency (× tier): `sku,currency,unit_price`
 * plus optional `tier_mode` (graduated | volume), `tier_from`, `tier_to` (empty = no upper bound),
 * `free_quantity` and `valid_from` / `valid_to` (empty = open-ended).
 */
import type { Adapter } from '../adapter';
import { KEY, canonicalSelect, cellError, currencyCode, decimal, findHeader, nonNegative, periodEnd, requiredHeaders, text, timestamp } from '../sql';

const COLS = {
  sku: ['sku', 'meter', 'product', 'code', 'item_code'],
  currency: ['currency', 'currency_code'],
  unit_price: ['unit_price', 'price', 'unit_amount', 'rate'],
  tier_mode: ['tier_mode', 'tiers_mode', 'pricing_model'],
  tier_from: ['tier_from', 'from_quantity', 'from'],
  tier_to: ['tier_to', 'up_to', 'to_quantity', 'to'],
  free_quantity: ['free_quantity', 'free_units', 'included_quantity'],
  valid_from: ['valid_from', 'effective_from', 'start_date'],
  valid_to: ['valid_to', 'effective_to', 'end_date'],
};

export const priceBookAdapter: Adapter = {
  format: 'price-book',
  kind: 'prices',
  table: 'price_book',
  label: 'Price book CSV',
  detect(h) {
    const core = findHeader(h, COLS.sku, KEY) && findHeader(h, COLS.currency, KEY) && findHeader(h, COLS.unit_price, KEY);
    if (!core) return null;
    // Ledgers also carry sku/currency/unit price; a price book has no amount or invoice column.
    if (findHeader(h, ['amount', 'invoice_id', 'invoice_number', 'customer_id'], KEY)) return null;
    return { score: findHeader(h, [...COLS.tier_mode, ...COLS.valid_from, ...COLS.free_quantity], KEY) ? 0.9 : 0.7 };
  },
  requiredColumns: (h) => requiredHeaders(h, [COLS.sku.join('|'), COLS.currency.join('|'), COLS.unit_price.join('|')], KEY),
  signature: ['sku', 'currency', 'unit_price'],
  typedColumns: () => ({}),
  selectSql(h, ctx) {
    const typed = ctx.typed;
    const col = (k: keyof typeof COLS) => findHeader(h, COLS[k], KEY);
    const modeCol = col('tier_mode');
    const mode = `lower(${text(modeCol)})`;
    const from = timestamp(col('valid_from'), { epoch: true, typed, dates: ctx.dates });
    const to = timestamp(col('valid_to'), { epoch: true, typed, dates: ctx.dates });
    const toCol = col('valid_to');
    const skuCol = col('sku');
    const priceCol = col('unit_price');
    const qty = (k: keyof typeof COLS) => {
      const c = col(k);
      return c ? nonNegative(c, decimal(c, { typed })) : 'NULL';
    };
    return canonicalSelect(
      'price_book',
      'price-book',
      {
        sku: `coalesce(${text(skuCol)}, ${skuCol ? cellError(skuCol, 'NULL', 'a SKU') : 'NULL'})`,
        currency: currencyCode(col('currency')),
        unit_price: priceCol ? nonNegative(priceCol, decimal(priceCol, { typed }), 'a unit price of 0 or more') : 'NULL',
        tier_mode: modeCol
          ? `CASE WHEN ${mode} IS NULL OR ${mode} IN ('flat', 'per_unit', 'standard') THEN NULL WHEN ${mode} IN ('graduated', 'volume') THEN ${mode} ELSE ${cellError(modeCol, text(modeCol), 'graduated, volume or empty')} END`
          : 'NULL',
        tier_from: qty('tier_from'),
        tier_to: qty('tier_to'),
        free_quantity: qty('free_quantity'),
        valid_from: from,
        valid_to: toCol && col('valid_from') ? periodEnd(from, to, toCol) : to,
      },
      ctx,
    );
  },
};
