/**
 * FOCUS 1.0 / 1.1 / 1.2 cost exports (CSV, JSON, Parquet through the raw readers). Columns already
 * carry canonical names; the version is told by which columns exist: 1.1 added capacity
 * reservations, commitment quantities and SKU meters; 1.2 added account types, InvoiceId and the
 * pricing-currency columns. Nulls may be written as the string `NULL` (the FinOps Foundation
 * sample does).
 */
import { COST_LINE_COLUMNS, MONEY, QTY } from '../../model/schema';
import type { Adapter } from '../adapter';
import { canonicalSelect, money, text, timestamp } from '../sql';
import { COST_DEFAULTS, coverage, type CostExprs } from './common';

export const FOCUS_CORE = [
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ServiceName',
  'ProviderName',
  'ListCost',
  'ContractedCost',
];
const ADDED_IN_1_1 = [
  'CapacityReservationId',
  'CapacityReservationStatus',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountUnit',
  'ServiceSubcategory',
  'SkuMeter',
  'SkuPriceDetails',
];
const ADDED_IN_1_2 = [
  'BillingAccountType',
  'SubAccountType',
  'InvoiceId',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
];
/** BillingCurrency is not required: the FOCUS specification's own correction examples omit it
 * (their totals are listed under "(none)" with a warning). */
const REQUIRED = ['BilledCost', 'EffectiveCost', 'ChargePeriodStart', 'ChargePeriodEnd'];

/** Which FOCUS version a header set is, judged by the newest columns it has. */
export function focusVersion(headers: readonly string[]): '1.0' | '1.1' | '1.2' {
  if (coverage(headers, ADDED_IN_1_2) > 0) return '1.2';
  if (coverage(headers, ADDED_IN_1_1) > 0) return '1.1';
  return '1.0';
}

function focusAdapter(version: '1.0' | '1.1' | '1.2'): Adapter {
  const format = `focus-${version}`;
  return {
    ...COST_DEFAULTS,
    format,
    label: `FOCUS ${version}`,
    // The FinOps Foundation sample writes NULL; the specification's correction examples write (null) and null.
    nullStrings: ['NULL', 'null', '(null)'],
    signature: FOCUS_CORE,
    tagsColumn: 'Tags',
    detect(headers) {
      const c = coverage(headers, FOCUS_CORE);
      if (c < 0.4 || focusVersion(headers) !== version) return null;
      return { score: 0.5 + c * 0.5 };
    },
    requiredColumns: () => REQUIRED,
    typedColumns(headers) {
      const out: Record<string, string> = {};
      for (const c of COST_LINE_COLUMNS) if (headers.includes(c.name) && c.type !== 'VARCHAR') out[c.name] = c.type;
      return out;
    },
    selectSql(headers, ctx) {
      const exprs: CostExprs = {};
      for (const c of COST_LINE_COLUMNS) {
        if (!headers.includes(c.name)) continue;
        if (c.type === MONEY || c.type === QTY) exprs[c.name] = money(c.name, ctx.typed);
        else if (c.type === 'TIMESTAMP') exprs[c.name] = timestamp(c.name, { typed: ctx.typed, dates: ctx.dates });
        else exprs[c.name] = text(c.name);
      }
      return canonicalSelect('cost_lines', format, exprs, ctx);
    },
  };
}

export const focus10 = focusAdapter('1.0');
export const focus11 = focusAdapter('1.1');
export const focus12 = focusAdapter('1.2');
