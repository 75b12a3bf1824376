/**
 * Price book CSV -> price_book. One row per SKU × currency (× tier): `sku,currency,unit_price`
 * plus optional `tier_mode` (graduated | volume), `tier_from`, `tier_to` (empty = no upper bound),
 * `free_quantity` and `valid_from` / `valid_to` (empty = open-ended).
 */
import type { Adapter } from '../adapter';
import { canonicalSelect } from './canonical-select';
import {
  currencySql,
  decimalSql,
  failSql,
  findHeader,
  requiredHeaders,
  periodCheckSql,
  quantitySql,
  text,
  timestampSql,
} from './sql-exprs';

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
    const core = findHeader(h, ...COLS.sku) && findHeader(h, ...COLS.currency) && findHeader(h, ...COLS.unit_price);
    if (!core) return null;
    // Ledgers also carry sku/currency/unit price; a price book has no amount or invoice column.
    if (findHeader(h, 'amount', 'invoice_id', 'invoice_number', 'customer_id')) return null;
    return { score: findHeader(h, ...COLS.tier_mode, ...COLS.valid_from, ...COLS.free_quantity) ? 0.9 : 0.7 };
  },
  requiredColumns: (h) => requiredHeaders(h, [COLS.sku.join('|'), COLS.currency.join('|'), COLS.unit_price.join('|')]),
  signature: ['sku', 'currency', 'unit_price'],
  typedColumns: () => ({}),
  selectSql(h, ctx) {
    const col = (k: keyof typeof COLS) => findHeader(h, ...COLS[k]);
    const modeCol = col('tier_mode');
    const mode = `lower(${text(modeCol)})`;
    const from = timestampSql(col('valid_from'));
    const to = timestampSql(col('valid_to'));
    const toCol = col('valid_to');
    const skuCol = col('sku');
    const priceCol = col('unit_price');
    return canonicalSelect(
      'price_book',
      'price-book',
      {
        sku: `coalesce(${text(skuCol)}, ${skuCol ? failSql(skuCol, 'a SKU', 'NULL') : 'NULL'})`,
        currency: currencySql(col('currency')),
        unit_price: priceCol
          ? `CASE WHEN TRY_CAST(${text(priceCol)} AS DECIMAL(38,18)) < 0 THEN ${failSql(priceCol, 'a unit price of 0 or more', text(priceCol))} ELSE ${decimalSql(priceCol)} END`
          : 'NULL',
        tier_mode: modeCol
          ? `CASE WHEN ${mode} IS NULL OR ${mode} IN ('flat', 'per_unit', 'standard') THEN NULL WHEN ${mode} IN ('graduated', 'volume') THEN ${mode} ELSE ${failSql(modeCol, 'graduated, volume or empty', text(modeCol))} END`
          : 'NULL',
        tier_from: quantitySql(col('tier_from')),
        tier_to: quantitySql(col('tier_to')),
        free_quantity: quantitySql(col('free_quantity')),
        valid_from: from,
        valid_to: toCol && col('valid_from') ? periodCheckSql(from, to, toCol) : to,
      },
      ctx,
    );
  },
};
