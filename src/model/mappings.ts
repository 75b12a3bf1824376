/**
 * Mappings and analysis settings: which cost tags name the customer and the SKU, SKU aliases
 * between ledger and meter, the shared-cost rule, per-meter quantity properties, tolerances,
 * period granularity. Stored as a JSON file (`finops analyze --config F`, editable in the app);
 * every field is optional and the defaults work with no file at all.
 */
import * as v from 'valibot';
import { UserError } from './errors';
import { isKnownCurrency } from './money';
import { decimalOrNull, jsonObject, notList, parseWithSchema, strictJsonObject } from './schema-error';

export type PeriodGranularity = 'month' | 'week' | 'day';
export type SharedCostRule = 'unallocated' | 'proportional';

export interface ProviderInvoiceTotal {
  /** Matches cost_lines.InvoiceId when given, else the billing period month 'YYYY-MM'. */
  invoice_id?: string;
  billing_period?: string;
  billing_account_id?: string;
  currency: string;
  total: string;
}

export interface BillingConfig {
  costTags: { customer: string[]; sku: string[] };
  /** Any SKU name (ledger item code, price book code) -> the canonical meter SKU. */
  skuAliases: Record<string, string>;
  sharedCost: SharedCostRule;
  /** Meter/SKU -> event property holding its quantity ('tokens', 'data.tokens'), or '1' to count events. */
  meterQuantity: Record<string, string>;
  /** A row is within tolerance when |amount_delta| <= absolute OR <= relative × |expected|. */
  tolerance: { absolute: string; relative: string };
  period: PeriodGranularity;
  /** Same customer, SKU and quantity within this many seconds under different ids = suspected duplicate. */
  suspectedDuplicateWindowSeconds: number;
  /** Currency for customers with usage but no invoice, when the price book has several. */
  defaultCurrency: string | null;
  /** Expected events per day for the completeness SLI (default: the median day of the data). */
  expectedDailyEvents: number | null;
  providerInvoices: ProviderInvoiceTotal[];
  usageCsvMapping: Record<string, string> | null;
  ledgerCsvMapping: Record<string, string> | null;
  /** Margin also in this currency, converted with the loaded FX rates (`reporting_currency`). */
  reportingCurrency?: string | null;
  /** Days an FX rate serves rows after its date (`fx_max_age_days`, default 7). */
  fxMaxAgeDays?: number;
}

export const DEFAULT_CUSTOMER_TAG_KEYS = ['customer', 'customer_id', 'tenant'];
export const DEFAULT_SKU_TAG_KEYS = ['sku', 'product', 'meter'];

export function defaultBillingConfig(): BillingConfig {
  return {
    costTags: { customer: [...DEFAULT_CUSTOMER_TAG_KEYS], sku: [...DEFAULT_SKU_TAG_KEYS] },
    skuAliases: {},
    sharedCost: 'unallocated',
    meterQuantity: {},
    tolerance: { absolute: '0', relative: '0' },
    period: 'month',
    suspectedDuplicateWindowSeconds: 1,
    defaultCurrency: null,
    expectedDailyEvents: null,
    providerInvoices: [],
    usageCsvMapping: null,
    ledgerCsvMapping: null,
  };
}

/** Numbers are taken as written ('0.01' or 0.01) but kept as decimal text: no float on a money path. */
const decimalSetting = v.optional(
  v.pipe(
    v.union([v.string(), v.pipe(v.number(), v.transform(String))], 'a decimal number as a string, e.g. "0.01"'),
    v.check((s) => decimalOrNull(s) !== null, 'a decimal number, e.g. "0.01"'),
    v.check((s) => decimalOrNull(s)! >= 0n, 'a number of 0 or more'),
  ),
  '0',
);

const TAG_KEYS = 'a tag key or a non-empty list of tag keys';
const tagKeys = v.optional(
  v.union(
    [
      v.pipe(
        v.string(),
        v.transform((s) => [s]),
      ),
      v.pipe(v.array(v.string(TAG_KEYS)), v.minLength(1, TAG_KEYS)),
    ],
    TAG_KEYS,
  ),
);

const STRING_MAP = 'an object of string values';
const stringMap = v.optional(notList(v.record(v.string(), v.string(STRING_MAP)), STRING_MAP));

const currencyCode = v.pipe(
  v.string('an ISO 4217 code'),
  v.transform((c) => c.toUpperCase()),
  v.check(isKnownCurrency, 'an ISO 4217 code'),
);

const providerInvoice = v.pipe(
  notList(v.looseObject({}), 'an object'),
  v.check((p) => typeof p.invoice_id === 'string' || typeof p.billing_period === 'string', 'an invoice_id or a billing_period'),
  jsonObject(
    {
      invoice_id: v.optional(v.string('a string')),
      billing_period: v.optional(v.string('a string')),
      billing_account_id: v.optional(v.string('a string')),
      currency: currencyCode,
      total: decimalSetting,
    },
    'an object',
  ),
);

const SETTINGS = {
  cost_tags: v.optional(jsonObject({ customer: tagKeys, sku: tagKeys }, '{"customer": [...], "sku": [...]}')),
  sku_aliases: stringMap,
  shared_cost: v.optional(v.picklist(['unallocated', 'proportional'], '"unallocated" or "proportional"')),
  meter_quantity: stringMap,
  tolerance: v.optional(jsonObject({ absolute: decimalSetting, relative: decimalSetting }, '{"absolute": "0.01", "relative": "0.001"}')),
  period: v.optional(v.picklist(['month', 'week', 'day'], '"month", "week" or "day"')),
  suspected_duplicate_window_seconds: v.optional(
    v.pipe(v.number('a whole number of seconds'), v.integer('a whole number of seconds'), v.minValue(0, 'a whole number of seconds')),
  ),
  default_currency: v.nullish(currencyCode),
  reporting_currency: v.nullish(currencyCode),
  fx_max_age_days: v.optional(
    v.pipe(v.number('a whole number of days'), v.integer('a whole number of days'), v.minValue(0, 'a whole number of days')),
  ),
  expected_daily_events: v.nullish(v.pipe(v.number('a positive number'), v.gtValue(0, 'a positive number'))),
  provider_invoices: v.optional(v.array(providerInvoice, 'a list of {invoice_id|billing_period, currency, total}')),
  usage_csv_mapping: stringMap,
  ledger_csv_mapping: stringMap,
  $comment: v.optional(v.unknown()),
};

/** Unknown keys are rejected so typos do not pass silently. */
const configFile = strictJsonObject(SETTINGS, 'a JSON object', `one of ${Object.keys(SETTINGS).join(', ')}`);

/** Parses the JSON config file; every setting is optional and falls back to its default. */
export function parseBillingConfig(textContent: string, file = 'config'): BillingConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(textContent);
  } catch (e) {
    throw new UserError(`${file}: expected a JSON object of settings: ${(e as Error).message}`, { file, expected: 'JSON' });
  }
  const o = parseWithSchema(
    configFile,
    raw,
    file,
    (p) => `${file}: setting "${p.path || '(file)'}": expected ${p.expected}, got ${JSON.stringify(p.got)}`,
  );
  const d = defaultBillingConfig();
  return {
    costTags: { customer: o.cost_tags?.customer ?? d.costTags.customer, sku: o.cost_tags?.sku ?? d.costTags.sku },
    skuAliases: o.sku_aliases ?? {},
    sharedCost: o.shared_cost ?? d.sharedCost,
    meterQuantity: o.meter_quantity ?? {},
    tolerance: o.tolerance ?? d.tolerance,
    period: o.period ?? d.period,
    suspectedDuplicateWindowSeconds: o.suspected_duplicate_window_seconds ?? d.suspectedDuplicateWindowSeconds,
    defaultCurrency: o.default_currency ?? null,
    expectedDailyEvents: o.expected_daily_events ?? null,
    providerInvoices: o.provider_invoices ?? [],
    usageCsvMapping: o.usage_csv_mapping ?? null,
    ledgerCsvMapping: o.ledger_csv_mapping ?? null,
    ...(o.reporting_currency && { reportingCurrency: o.reporting_currency }),
    ...(o.fx_max_age_days !== undefined && { fxMaxAgeDays: o.fx_max_age_days }),
  };
}

/** The canonical SKU for any name (aliases map ledger/price-book names to the meter name). */
export function canonicalSku(cfg: BillingConfig, sku: string): string {
  return cfg.skuAliases[sku] ?? sku;
}
