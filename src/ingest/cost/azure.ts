/**
 * Azure cost details: Enterprise Agreement (EA) and Microsoft Customer Agreement (MCA) exports,
 * actual or amortized (same columns; the amortized file spreads reservation purchases over usage).
 * Column names vary by export version and case (CostInBillingCurrency / Cost / costInBillingCurrency,
 * BillingCurrencyCode / BillingCurrency), so columns are found case-insensitively by alias.
 * `Tags` is JSON without the outer braces (`"a": "b","c": "d"`).
 *
 * Mapping per the FinOps Foundation rules (conversion-rules/azure.csv), except the charge period:
 * the rules take ChargePeriodStart from BillingPeriodStartDate, which makes every line span the
 * month so far; here a line covers its usage day (Date to Date + 1 day), as FOCUS defines it.
 */
import type { Adapter } from '../adapter';
import { CASE, canonicalSelect, currencyCode, findHeader, money, text, timestamp } from '../sql';
import { COST_DEFAULTS } from './common';
import { AZURE_SERVICE_CATEGORIES, serviceCategorySql } from './service-category';

const ALIASES = {
  cost: ['CostInBillingCurrency', 'Cost', 'PreTaxCost'],
  currency: ['BillingCurrencyCode', 'BillingCurrency', 'Currency'],
  date: ['Date', 'UsageDate'],
  subscription: ['SubscriptionId', 'SubscriptionGuid'],
  meter: ['MeterCategory'],
  chargeType: ['ChargeType'],
  service: ['ConsumedService'],
  resourceGroup: ['ResourceGroup', 'ResourceGroupName'],
  product: ['ProductName', 'Product'],
} as const;

/** EA exports write dates as M/D/YYYY (MCA and newer exports use ISO dates); a two-digit year is refused. */
const US_DATE = 'M/D/YYYY';

/** Columns only MCA exports carry (EA exports have AccountOwnerId / AccountName instead). */
const MCA_MARKERS = ['InvoiceId', 'PricingCurrency', 'ExchangeRatePricingToBilling', 'CostInUsd', 'PaygCostInBillingCurrency'];

function coverage(headers: readonly string[]): number {
  const groups = Object.values(ALIASES);
  return groups.filter((g) => findHeader(headers, g, CASE)).length / groups.length;
}

function isMca(headers: readonly string[]): boolean {
  return !findHeader(headers, 'AccountOwnerId', CASE) && MCA_MARKERS.some((m) => findHeader(headers, m, CASE));
}

function azureAdapter(format: 'azure-ea' | 'azure-mca'): Adapter {
  return {
    ...COST_DEFAULTS,
    format,
    label: format === 'azure-ea' ? 'Azure EA cost details' : 'Azure MCA cost details',
    signature: ['CostInBillingCurrency or Cost', 'BillingCurrencyCode or BillingCurrency', 'Date', 'MeterCategory', 'SubscriptionId'],
    detect(headers) {
      const c = coverage(headers);
      if (c < 0.5 || isMca(headers) !== (format === 'azure-mca')) return null;
      return { score: 0.4 + c * 0.5 };
    },
    requiredColumns: (headers) => [
      findHeader(headers, ALIASES.cost, CASE) ?? 'CostInBillingCurrency',
      findHeader(headers, ALIASES.currency, CASE) ?? 'BillingCurrencyCode',
      findHeader(headers, ALIASES.date, CASE) ?? 'Date',
    ],
    typedColumns(headers) {
      const out: Record<string, string> = {};
      for (const n of [...ALIASES.cost, 'Quantity', 'UnitPrice', 'EffectivePrice', 'PayGPrice']) {
        const h = findHeader(headers, n, CASE);
        if (h) out[h] = 'DECIMAL(38,18)';
      }
      return out;
    },
    selectSql(headers, ctx) {
      const h = (...names: string[]) => findHeader(headers, names, CASE);
      const t = (...names: string[]) => text(h(...names));
      const ts = (...names: string[]) => timestamp(h(...names), { dateFormat: US_DATE, typed: ctx.typed });
      const cost = money(h(...ALIASES.cost), ctx.typed);
      const day = ts(...ALIASES.date);
      const benefit = `lower(${t('benefitId')})`;
      const tags = t('Tags');
      const chargeType = t('ChargeType');
      const quantity = h('Quantity');
      return canonicalSelect(
        'cost_lines',
        format,
        {
          AvailabilityZone: t('AvailabilityZone'),
          BilledCost: cost,
          BillingAccountId: t('BillingAccountId'),
          BillingAccountName: t('BillingAccountName'),
          BillingCurrency: currencyCode(h(...ALIASES.currency)),
          BillingPeriodEnd: ts('BillingPeriodEndDate'),
          BillingPeriodStart: ts('BillingPeriodStartDate'),
          ChargeCategory:
            `CASE WHEN ${chargeType} IS NULL THEN NULL WHEN ${chargeType} IN ('Usage', 'UnusedReservation', 'UnusedSavingsPlan') THEN 'Usage' ` +
            `WHEN ${chargeType} = 'Purchase' THEN 'Purchase' WHEN ${chargeType} = 'Tax' THEN 'Tax' ELSE 'Adjustment' END`,
          ChargeDescription: t(...ALIASES.product),
          ChargeFrequency: `CASE ${t('Frequency')} WHEN 'OneTime' THEN 'One-Time' WHEN 'Recurring' THEN 'Recurring' WHEN 'UsageBased' THEN 'Usage-Based' ELSE 'Other' END`,
          ChargePeriodEnd: `${day} + INTERVAL 1 DAY`,
          ChargePeriodStart: day,
          CommitmentDiscountCategory: `CASE WHEN ${benefit} LIKE '%/microsoft.capacity/%' THEN 'Usage' WHEN ${benefit} LIKE '%/microsoft.billingbenefits/%' THEN 'Spend' END`,
          CommitmentDiscountId: t('benefitId'),
          CommitmentDiscountName: t('benefitName'),
          CommitmentDiscountType: `CASE WHEN ${benefit} LIKE '%/microsoft.capacity/%' THEN 'Reservation' WHEN ${benefit} LIKE '%/microsoft.billingbenefits/%' THEN 'Savings Plan' END`,
          ConsumedQuantity: quantity ? money(quantity, ctx.typed) : undefined,
          ConsumedUnit: t('UnitOfMeasure'),
          EffectiveCost: cost,
          InvoiceId: t('InvoiceId'),
          InvoiceIssuerName: `'Microsoft'`,
          PricingCategory:
            `CASE ${t('PricingModel')} WHEN 'OnDemand' THEN 'On-Demand' WHEN 'Spot' THEN 'Dynamic' WHEN 'Reservation' THEN 'Commitment Discount' ` +
            `WHEN 'Savings Plans' THEN 'Commitment Discount' WHEN 'SavingsPlan' THEN 'Commitment Discount' ELSE 'Other' END`,
          ProviderName: `'Azure'`,
          PublisherName: t('PublisherName'),
          RegionId: t('ResourceLocation'),
          ResourceId: t('ResourceId', 'InstanceId'),
          ResourceName: t('ResourceName'),
          ServiceName: t(...ALIASES.service),
          ServiceCategory: serviceCategorySql(t(...ALIASES.service), AZURE_SERVICE_CATEGORIES),
          SkuPriceId: 'NULL',
          SubAccountId: t(...ALIASES.subscription),
          SubAccountName: t('SubscriptionName'),
          Tags: `CASE WHEN ${tags} IS NULL THEN NULL WHEN ${tags} LIKE '{%' THEN ${tags} ELSE '{' || ${tags} || '}' END`,
        },
        ctx,
      );
    },
  };
}

export const azureEa = azureAdapter('azure-ea');
export const azureMca = azureAdapter('azure-mca');
