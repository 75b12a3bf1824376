/**
 * AWS Cost and Usage Reports: the legacy CSV (`lineItem/UnblendedCost` headers, tags as
 * `resourceTags/user:Key` columns) and CUR 2.0 / Athena snake_case (`line_item_unblended_cost`,
 * map columns `product` and `resource_tags`). One mapping serves both: it is written with legacy
 * names and a resolver turns them into CUR 2.0 names. The mapping follows the FinOps Foundation's
 * conversion rules (focus-converters/conversion-rules/aws-cur.csv and aws.csv); ServiceCategory
 * comes from our own product-code lookup (service-category.ts): the rules reference one they do
 * not ship.
 */
import { ident } from '../../engine/sql';
import type { Adapter, MapContext } from '../adapter';
import { canonicalSelect, jsonFieldSql, text } from '../sql';
import { AWS_SERVICE_CATEGORIES, serviceCategorySql } from './service-category';
import { COST_DEFAULTS, columnHelpers, detectBySignature, tagColumnsSql, type CostExprs } from './common';

/** 'lineItem/UnblendedCost' -> 'line_item_unblended_cost'; 'savingsPlan/SavingsPlanARN' -> 'savings_plan_savings_plan_a_r_n'. */
export function cur2Name(legacy: string): string {
  const snake = (s: string) => s.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase()).replace(/^_/, '');
  const [group, name] = legacy.split('/');
  return `${snake(group)}_${snake(name)}`;
}

/** SQL extracting `key` from a map cell written as JSON ({"k":"v"}) or by Athena ({k=v, ...}). */
export function mapValueSql(mapExpr: string, key: string): string {
  const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `NULLIF(COALESCE(${jsonFieldSql(mapExpr, key, 'string')}, regexp_extract(${mapExpr}, '(?:^\\{|,)\\s*${k}=([^,}]*)', 1)), '')`;
}

/** A map cell (JSON or Athena text) -> JSON object text, tag keys without the `user_`/`user:` prefix. */
export function mapToJsonSql(mapExpr: string): string {
  const athena = `regexp_replace(${mapExpr}, '([{,])\\s*([^{},=]+)=([^,}]*)', '\\1"\\2":"\\3"', 'g')`;
  const json = `CASE WHEN ${mapExpr} LIKE '{"%' THEN ${mapExpr} ELSE ${athena} END`;
  return `NULLIF(regexp_replace(${json}, '"user[_:]([^"]*)"\\s*:', '"\\1":', 'g'), '{}')`;
}

type Resolve = (legacy: string) => string | undefined;

function awsExprs(headers: readonly string[], col: Resolve, ctx: Pick<MapContext, 'typed' | 'dates'>, productMap?: string): CostExprs {
  const { t, m, ts, cur } = columnHelpers(headers, col, ctx.typed, ctx.dates);
  const product = (attr: string) => {
    const c = col(`product/${attr}`);
    if (c) return text(c);
    return productMap
      ? mapValueSql(
          ident(productMap),
          attr.replace(/[A-Z]/g, (x) => '_' + x.toLowerCase()),
        )
      : 'CAST(NULL AS VARCHAR)';
  };
  const type = t('lineItem/LineItemType');
  const sp = t('savingsPlan/SavingsPlanARN');
  const ri = t('reservation/ReservationARN');
  const resourceId = t('lineItem/ResourceId');
  return {
    AvailabilityZone: t('lineItem/AvailabilityZone'),
    BilledCost: `COALESCE(${m('lineItem/NetUnblendedCost')}, ${m('lineItem/UnblendedCost')})`,
    BillingAccountId: t('bill/PayerAccountId'),
    BillingCurrency: cur('lineItem/CurrencyCode'),
    BillingPeriodEnd: ts('bill/BillingPeriodEndDate'),
    BillingPeriodStart: ts('bill/BillingPeriodStartDate'),
    ChargeCategory:
      `CASE ${type} WHEN 'Tax' THEN 'Tax' WHEN 'Fee' THEN 'Purchase' WHEN 'SavingsPlanUpfrontFee' THEN 'Purchase' ` +
      `WHEN 'RIFee' THEN 'Purchase' WHEN 'SavingsPlanRecurringFee' THEN 'Purchase' WHEN 'Usage' THEN 'Usage' ` +
      `WHEN 'SavingsPlanCoveredUsage' THEN 'Usage' WHEN 'SavingsPlanNegation' THEN 'Usage' WHEN 'DiscountedUsage' THEN 'Usage' ` +
      `WHEN 'BundledDiscount' THEN 'Usage' WHEN 'Discount' THEN 'Usage' WHEN 'PrivateRateDiscount' THEN 'Usage' ` +
      `WHEN 'EdpDiscount' THEN 'Usage' WHEN 'Credit' THEN 'Adjustment' WHEN 'Refund' THEN 'Adjustment' ELSE NULL END`,
    ChargeDescription: t('lineItem/LineItemDescription'),
    ChargeFrequency: `CASE ${t('bill/BillType')} WHEN 'Refund' THEN 'One-Time' WHEN 'Purchase' THEN 'One-Time' WHEN 'Anniversary' THEN 'Recurring' ELSE NULL END`,
    ChargePeriodEnd: ts('lineItem/UsageEndDate'),
    ChargePeriodStart: ts('lineItem/UsageStartDate'),
    CommitmentDiscountCategory: `CASE WHEN ${sp} IS NOT NULL THEN 'Spend' WHEN ${ri} IS NOT NULL THEN 'Usage' END`,
    CommitmentDiscountId: `COALESCE(${sp}, ${ri})`,
    CommitmentDiscountType: `CASE WHEN ${sp} IS NOT NULL THEN 'Savings Plan' WHEN ${ri} IS NOT NULL THEN 'Reserved Instances (RI)' END`,
    ConsumedQuantity: m('lineItem/UsageAmount'),
    ConsumedUnit: t('pricing/unit'),
    EffectiveCost:
      `CASE ${type} WHEN 'SavingsPlanCoveredUsage' THEN ${m('savingsPlan/SavingsPlanEffectiveCost')} ` +
      `WHEN 'SavingsPlanRecurringFee' THEN ${m('savingsPlan/TotalCommitmentToDate')} - ${m('savingsPlan/UsedCommitment')} ` +
      `WHEN 'SavingsPlanNegation' THEN 0 WHEN 'SavingsPlanUpfrontFee' THEN 0 ` +
      `WHEN 'DiscountedUsage' THEN ${m('reservation/EffectiveCost')} ` +
      `WHEN 'RIFee' THEN ${m('reservation/UnusedAmortizedUpfrontFeeForBillingPeriod')} + ${m('reservation/UnusedRecurringFee')} ` +
      `ELSE CASE WHEN ${type} = 'Fee' AND ${ri} IS NOT NULL THEN 0 ELSE ${m('lineItem/UnblendedCost')} END END`,
    InvoiceId: t('bill/InvoiceId'),
    InvoiceIssuerName: t('bill/InvoicingEntity'),
    ListCost:
      `CASE WHEN ${m('pricing/publicOnDemandRate')} IS NOT NULL THEN CAST(CAST(${m('pricing/publicOnDemandRate')} AS DECIMAL(38,10)) * ` +
      `CAST(${m('lineItem/UsageAmount')} AS DECIMAL(38,8)) AS DECIMAL(38,18)) ELSE ${m('pricing/publicOnDemandCost')} END`,
    ListUnitPrice: m('pricing/publicOnDemandRate'),
    PricingCategory:
      `CASE ${product('PurchaseOption')} WHEN 'On-Demand' THEN 'Standard' WHEN 'Reserved Instances' THEN 'Committed' ` +
      `WHEN 'Spot Instances' THEN 'Dynamic' WHEN 'Dedicated Hosts' THEN 'Standard' END`,
    PricingQuantity: `COALESCE(${m('reservation/TotalReservedUnits')}, ${m('lineItem/UsageAmount')})`,
    PricingUnit: t('pricing/unit'),
    ProviderName: `'AWS'`,
    PublisherName: t('lineItem/LegalEntity'),
    RegionId: `COALESCE(${product('region')}, ${product('regionCode')})`,
    RegionName: product('location'),
    ResourceId: resourceId,
    ResourceName: `NULLIF(split_part(${resourceId}, ':', 7), '')`,
    ResourceType: `NULLIF(split_part(${resourceId}, ':', 6), '')`,
    ServiceName: t('lineItem/ProductCode'),
    ServiceCategory: serviceCategorySql(t('lineItem/ProductCode'), AWS_SERVICE_CATEGORIES),
    SkuId: product('sku'),
    SkuPriceId: `COALESCE(${t('pricing/RateCode')}, ${t('pricing/RateId')})`,
    SubAccountId: t('lineItem/UsageAccountId'),
  };
}

const LEGACY_SIGNATURE = [
  'lineItem/UnblendedCost',
  'lineItem/UsageStartDate',
  'lineItem/CurrencyCode',
  'lineItem/LineItemType',
  'bill/PayerAccountId',
  'identity/LineItemId',
];
const LEGACY_REQUIRED = ['lineItem/UnblendedCost', 'lineItem/CurrencyCode', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate'];

export const awsCur: Adapter = {
  ...COST_DEFAULTS,
  format: 'aws-cur',
  label: 'AWS Cost and Usage Report (legacy CSV)',
  signature: LEGACY_SIGNATURE,
  detect: (headers) => detectBySignature(headers, LEGACY_SIGNATURE, 0.3),
  requiredColumns: () => LEGACY_REQUIRED,
  typedColumns: (headers) => Object.fromEntries(headers.filter((h) => /Cost$|Amount$|Rate$/.test(h)).map((h) => [h, 'DECIMAL(38,18)'])),
  selectSql(headers, ctx) {
    const col: Resolve = (legacy) => (headers.includes(legacy) ? legacy : undefined);
    const tags = tagColumnsSql(headers, 'resourceTags/', (k) => k.replace(/^user:/, ''));
    return canonicalSelect('cost_lines', 'aws-cur', { ...awsExprs(headers, col, ctx), Tags: tags }, ctx);
  },
};

const CUR2_SIGNATURE = LEGACY_SIGNATURE.map(cur2Name);
const CUR2_REQUIRED = LEGACY_REQUIRED.map(cur2Name);

export const awsCur2: Adapter = {
  ...COST_DEFAULTS,
  format: 'aws-cur2',
  label: 'AWS CUR 2.0 / Athena',
  signature: CUR2_SIGNATURE,
  detect: (headers) => detectBySignature(headers, CUR2_SIGNATURE, 0.3),
  requiredColumns: () => CUR2_REQUIRED,
  typedColumns: (headers) => Object.fromEntries(headers.filter((h) => /_cost$|_amount$|_rate$/.test(h)).map((h) => [h, 'DECIMAL(38,18)'])),
  selectSql(headers, ctx) {
    const col: Resolve = (legacy) => {
      const n = cur2Name(legacy);
      return headers.includes(n) ? n : undefined;
    };
    const productMap = headers.includes('product') ? 'product' : undefined;
    const tags = headers.includes('resource_tags') ? mapToJsonSql(text('resource_tags')) : 'CAST(NULL AS VARCHAR)';
    return canonicalSelect('cost_lines', 'aws-cur2', { ...awsExprs(headers, col, ctx, productMap), Tags: tags }, ctx);
  },
};
