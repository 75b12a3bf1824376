/**
 * Google Cloud billing export (BigQuery standard usage cost), flattened to CSV or JSON lines:
 * nested fields as `usage.amount` (or `usage_amount`), `labels` and `credits` as lists of records
 * (JSON, or Python literals as pandas writes them: gcp-records.ts).
 * Mapping per conversion-rules/gcp.csv: EffectiveCost = cost + sum(credits.amount), floored at 0;
 * billing periods from `invoice.month` (YYYYMM, a Pacific-time month, converted to UTC). Project
 * id/name fill SubAccountId/Name (the rules leave them undefined; allocation by project needs them).
 */
import type { Adapter } from '../adapter';
import { CASE, canonicalSelect, findHeader } from '../sql';
import { creditSumSql, labelsJsonSql } from './gcp-records';
import { COST_DEFAULTS, columnHelpers, coverage } from './common';
import { GCP_SERVICE_CATEGORIES, serviceCategorySql } from './service-category';

const SIGNATURE = ['billing_account_id', 'cost', 'currency', 'usage_start_time', 'usage_end_time', 'sku.id', 'service.description', 'usage.amount'];
const REQUIRED = ['cost', 'currency', 'usage_start_time', 'usage_end_time'];

/** `sku.id` or its underscore form `sku_id`, as written in the file. */
function resolver(headers: readonly string[]) {
  return (name: string) => findHeader(headers, [name, name.replace(/\./g, '_')], CASE);
}

/** First instant of a Pacific-time month given as a UTC TIMESTAMP month start (PDT Apr–Nov 1, else PST). */
function pacificMonthToUtc(monthStart: string): string {
  return `(${monthStart} + CASE WHEN month(${monthStart}) BETWEEN 4 AND 11 THEN INTERVAL 7 HOUR ELSE INTERVAL 8 HOUR END)`;
}

export const gcpBilling: Adapter = {
  ...COST_DEFAULTS,
  format: 'gcp-billing',
  label: 'Google Cloud billing export',
  signature: SIGNATURE,
  detect(headers) {
    const r = resolver(headers);
    const c = SIGNATURE.filter((s) => r(s)).length / SIGNATURE.length;
    // FOCUS files never have these lower-case names; require the GCP core.
    return c >= 0.5 && r('usage_start_time') && coverage(headers, ['BilledCost']) === 0 ? { score: c } : null;
  },
  requiredColumns: (headers) => REQUIRED.map((n) => resolver(headers)(n) ?? n),
  typedColumns(headers) {
    const r = resolver(headers);
    return Object.fromEntries(
      ['cost', 'cost_at_list', 'usage.amount', 'usage.amount_in_pricing_units']
        .map(r)
        .filter(Boolean)
        .map((h) => [h!, 'DECIMAL(38,18)']),
    );
  },
  selectSql(headers, ctx) {
    const { t, m, ts, cur } = columnHelpers(headers, resolver(headers), ctx.typed, ctx.dates);
    const cost = m('cost');
    const creditSum = creditSumSql(resolver(headers)('credits'));
    const month = `TRY_STRPTIME(${t('invoice.month')}, '%Y%m')`;
    const costType = `lower(${t('cost_type')})`;
    return canonicalSelect(
      'cost_lines',
      'gcp-billing',
      {
        AvailabilityZone: t('location.zone'),
        BilledCost: cost,
        BillingAccountId: t('billing_account_id'),
        BillingCurrency: cur('currency'),
        BillingPeriodEnd: `CASE WHEN ${month} IS NOT NULL THEN ${pacificMonthToUtc(`(${month} + INTERVAL 1 MONTH)`)} END`,
        BillingPeriodStart: `CASE WHEN ${month} IS NOT NULL THEN ${pacificMonthToUtc(month)} END`,
        ChargeCategory:
          `CASE ${costType} WHEN 'tax' THEN 'Tax' WHEN 'regular' THEN 'Usage' WHEN 'adjustment' THEN 'Adjustment' ` +
          `WHEN 'credit' THEN 'Adjustment' WHEN 'rounding_error' THEN 'Adjustment' ELSE 'Usage' END`,
        ChargeDescription: t('sku.description'),
        ChargePeriodEnd: ts('usage_end_time'),
        ChargePeriodStart: ts('usage_start_time'),
        ConsumedQuantity: m('usage.amount'),
        ConsumedUnit: t('usage.unit'),
        EffectiveCost: `CASE WHEN ${cost} + ${creditSum} > 0 THEN ${cost} + ${creditSum} ELSE 0 END`,
        ListCost: m('cost_at_list'),
        PricingQuantity: m('usage.amount_in_pricing_units'),
        PricingUnit: t('usage.pricing_unit'),
        ProviderName: `'Google Cloud'`,
        PublisherName: `COALESCE(${t('seller_name')}, 'Google Cloud')`,
        RegionId: `COALESCE(${t('location.region')}, ${t('location.location')})`,
        ResourceId: t('resource.global_name'),
        ResourceName: t('resource.name'),
        ServiceName: t('service.description'),
        ServiceCategory: serviceCategorySql(t('service.description'), GCP_SERVICE_CATEGORIES),
        SkuId: t('sku.id'),
        SkuPriceId: t('price.tier_start_amount'),
        SubAccountId: t('project.id'),
        SubAccountName: t('project.name'),
        Tags: labelsJsonSql(resolver(headers)('labels')),
      },
      ctx,
    );
  },
};
