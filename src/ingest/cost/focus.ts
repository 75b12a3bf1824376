/**
 * FOCUS 1.0 – 1.4 cost and usage exports (CSV, JSON, Parquet through the raw readers). Columns
 * already carry canonical names; the version is told by which columns exist: 1.1 added capacity
 * reservations, commitment quantities and SKU meters; 1.2 added account types, InvoiceId and the
 * pricing-currency columns; 1.3 added split cost allocation (Allocated*), ContractApplied and
 * ServiceProviderName/HostProviderName (replacing ProviderName/PublisherName); 1.4 added
 * InvoiceDetailId and dropped ProviderName/PublisherName. Nulls may be written as the string
 * `NULL` (the FinOps Foundation sample does).
 */
import { COST_LINE_COLUMNS } from '../../model/schema';
import type { Adapter } from '../adapter';
import { canonicalSelect, currencyCode } from '../sql';
import { COST_DEFAULTS, coverage } from './common';
import { focusColumnExprs, focusTypedColumns } from './focus-columns';

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
const ADDED_IN_1_3 = [
  'AllocatedMethodDetails',
  'AllocatedMethodId',
  'AllocatedResourceId',
  'AllocatedResourceName',
  'AllocatedTags',
  'ContractApplied',
  'HostProviderName',
  'ServiceProviderName',
];
const ADDED_IN_1_4 = ['InvoiceDetailId'];
/** The provider column each version names: ProviderName up to 1.2, ServiceProviderName from 1.3. */
const PROVIDER = ['ProviderName', 'ServiceProviderName'];
/** BillingCurrency is not required: the FOCUS specification's own correction examples omit it
 * (their totals are listed under "(none)" with a warning). */
const REQUIRED = ['BilledCost', 'EffectiveCost', 'ChargePeriodStart', 'ChargePeriodEnd'];

export type FocusVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4';

/** Which FOCUS version a header set is, judged by the newest columns it has. */
export function focusVersion(headers: readonly string[]): FocusVersion {
  if (coverage(headers, ADDED_IN_1_4) > 0) return '1.4';
  if (coverage(headers, ADDED_IN_1_3) > 0) return '1.3';
  if (coverage(headers, ADDED_IN_1_2) > 0) return '1.2';
  if (coverage(headers, ADDED_IN_1_1) > 0) return '1.1';
  return '1.0';
}

function focusAdapter(version: FocusVersion): Adapter {
  const format = `focus-${version}`;
  return {
    ...COST_DEFAULTS,
    format,
    label: `FOCUS ${version}`,
    // The FinOps Foundation sample writes NULL; the specification's correction examples write (null) and null.
    nullStrings: ['NULL', 'null', '(null)'],
    // From 1.3 the provider column is ServiceProviderName: listed third, it tells the layouts apart in "unknown layout" errors.
    signature:
      version < '1.3'
        ? [...FOCUS_CORE.slice(0, 9), 'ProviderName']
        : ['BilledCost', 'EffectiveCost', 'ServiceProviderName', ...FOCUS_CORE.slice(2, 9)],
    tagsColumn: 'Tags',
    detect(headers) {
      // The provider column counts once whichever name the version gives it.
      const c = (coverage(headers, FOCUS_CORE) * FOCUS_CORE.length + (coverage(headers, PROVIDER) > 0 ? 1 : 0)) / (FOCUS_CORE.length + 1);
      if (c < 0.4 || focusVersion(headers) !== version) return null;
      return { score: 0.5 + c * 0.5 };
    },
    requiredColumns: () => REQUIRED,
    typedColumns: (headers) => focusTypedColumns(COST_LINE_COLUMNS, headers),
    selectSql(headers, ctx) {
      const exprs = focusColumnExprs(COST_LINE_COLUMNS, headers, ctx);
      // ServiceProviderName is the 1.3 successor of ProviderName: the analyses group by ProviderName.
      if (!exprs.ProviderName && exprs.ServiceProviderName) exprs.ProviderName = exprs.ServiceProviderName;
      // A cost line's amounts mean nothing without their currency: a blank or unknown code is refused.
      if (headers.includes('BillingCurrency')) exprs.BillingCurrency = currencyCode('BillingCurrency');
      return canonicalSelect('cost_lines', format, exprs, ctx);
    },
  };
}

export const focus10 = focusAdapter('1.0');
export const focus11 = focusAdapter('1.1');
export const focus12 = focusAdapter('1.2');
export const focus13 = focusAdapter('1.3');
export const focus14 = focusAdapter('1.4');
