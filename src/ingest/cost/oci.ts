/**
 * Oracle Cloud (OCI) cost reports (`lineItem/intervalUsageStart`, `cost/myCost`, one `tags/NS.Key`
 * column per tag). Mapping per conversion-rules/oci.csv, with two deliberate differences:
 * BilledCost is `cost/myCost` (the rules take `cost/myCostOverage`, which is empty unless a
 * commitment is exceeded, so billed cost would read zero), and ChargeCategory is 'Usage', or
 * 'Adjustment' for correction lines (`lineItem/isCorrection`), where the rules leave it undefined.
 */
import type { Adapter } from '../adapter';
import { canonicalSelect } from '../sql';
import { COST_DEFAULTS, columnHelpers, detectBySignature, tagColumnsSql } from './common';
import { OCI_SERVICE_CATEGORIES, serviceCategorySql } from './service-category';

const SIGNATURE = [
  'lineItem/referenceNo',
  'lineItem/tenantId',
  'lineItem/intervalUsageStart',
  'lineItem/intervalUsageEnd',
  'cost/myCost',
  'cost/currencyCode',
];
/** OCI writes interval starts to the minute: 2023-11-13T10:00Z. */
const OCI_MINUTES = ['%Y-%m-%dT%H:%MZ'];
const REQUIRED = ['cost/myCost', 'cost/currencyCode', 'lineItem/intervalUsageStart', 'lineItem/intervalUsageEnd'];

export const oci: Adapter = {
  ...COST_DEFAULTS,
  format: 'oci',
  label: 'Oracle Cloud cost report',
  signature: SIGNATURE,
  detect: (headers) => detectBySignature(headers, SIGNATURE, 0.5),
  requiredColumns: () => REQUIRED,
  typedColumns: (headers) =>
    Object.fromEntries(
      ['cost/myCost', 'cost/myCostOverage', 'cost/unitPrice', 'usage/billedQuantity']
        .filter((h) => headers.includes(h))
        .map((h) => [h, 'DECIMAL(38,18)']),
    ),
  selectSql(headers, ctx) {
    const { t, m, ts, cur } = columnHelpers(headers, undefined, ctx.typed, ctx.dates);
    const start = ts('lineItem/intervalUsageStart', OCI_MINUTES);
    const month = `date_trunc('month', ${start})`;
    return canonicalSelect(
      'cost_lines',
      'oci',
      {
        AvailabilityZone: t('product/availabilityDomain'),
        BilledCost: m('cost/myCost'),
        BillingAccountId: t('cost/subscriptionId'),
        BillingCurrency: cur('cost/currencyCode'),
        BillingPeriodEnd: `${month} + INTERVAL 1 MONTH`,
        BillingPeriodStart: month,
        ChargeCategory: `CASE WHEN lower(${t('lineItem/isCorrection')}) = 'true' THEN 'Adjustment' ELSE 'Usage' END`,
        ChargeDescription: t('product/Description'),
        ChargePeriodEnd: ts('lineItem/intervalUsageEnd', OCI_MINUTES),
        ChargePeriodStart: start,
        ConsumedQuantity: m('usage/billedQuantity'),
        ConsumedUnit: t('cost/skuUnitDescription'),
        EffectiveCost: m('cost/myCost'),
        ListUnitPrice: m('cost/unitPrice'),
        PricingUnit: t('cost/skuUnitDescription'),
        ProviderName: `'Oracle'`,
        RegionId: t('product/region'),
        ResourceId: t('product/resourceId'),
        ServiceName: t('product/service'),
        ServiceCategory: serviceCategorySql(t('product/service'), OCI_SERVICE_CATEGORIES),
        SkuId: t('cost/productSku'),
        SubAccountId: t('lineItem/tenantId'),
        Tags: tagColumnsSql(headers, 'tags/'),
      },
      ctx,
    );
  },
};
