/**
 * Mappings and analysis settings: which cost tags name the customer and the SKU, SKU aliases
 * between ledger and meter, the shared-cost rule, per-meter quantity properties, tolerances,
 * period granularity. Stored as a JSON file (`finops analyze --config F`, editable in the app);
 * every field is optional and the defaults work with no file at all.
 */
import { UserError } from './errors';
import { isKnownCurrency, parseDecimal } from './money';

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

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function fail(file: string, key: string, expected: string, got: Json | undefined): never {
  throw new UserError(`${file}: setting "${key}": expected ${expected}, got ${JSON.stringify(got)}`, {
    file,
    column: key,
    expected,
  });
}

function stringList(file: string, key: string, v: Json | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length > 0) return v as string[];
  return fail(file, key, 'a tag key or a non-empty list of tag keys', v);
}

function stringMap(file: string, key: string, v: Json | undefined): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) {
    return v as Record<string, string>;
  }
  return fail(file, key, 'an object of string values', v);
}

function decimalSetting(file: string, key: string, v: Json | undefined, fallback: string): string {
  if (v === undefined) return fallback;
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string') return fail(file, key, 'a decimal number as a string, e.g. "0.01"', v);
  try {
    if (parseDecimal(s, 18) < 0n) return fail(file, key, 'a number of 0 or more', v);
  } catch {
    return fail(file, key, 'a decimal number, e.g. "0.01"', v);
  }
  return s;
}

/** Parses the JSON config file; unknown keys are rejected so typos do not pass silently. */
export function parseBillingConfig(textContent: string, file = 'config'): BillingConfig {
  let raw: Json;
  try {
    raw = JSON.parse(textContent) as Json;
  } catch (e) {
    throw new UserError(`${file}: expected a JSON object of settings: ${(e as Error).message}`, { file, expected: 'JSON' });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(file, '(file)', 'a JSON object', raw);
  const o = raw as Record<string, Json>;
  const known = [
    'cost_tags', 'sku_aliases', 'shared_cost', 'meter_quantity', 'tolerance', 'period',
    'suspected_duplicate_window_seconds', 'default_currency', 'expected_daily_events',
    'provider_invoices', 'usage_csv_mapping', 'ledger_csv_mapping', '$comment',
  ];
  for (const k of Object.keys(o)) if (!known.includes(k)) fail(file, k, `one of ${known.join(', ')}`, k);
  const cfg = defaultBillingConfig();
  const tags = o.cost_tags;
  if (tags !== undefined) {
    if (!tags || typeof tags !== 'object' || Array.isArray(tags)) fail(file, 'cost_tags', '{"customer": [...], "sku": [...]}', tags);
    const t = tags as Record<string, Json>;
    cfg.costTags.customer = stringList(file, 'cost_tags.customer', t.customer) ?? cfg.costTags.customer;
    cfg.costTags.sku = stringList(file, 'cost_tags.sku', t.sku) ?? cfg.costTags.sku;
  }
  cfg.skuAliases = stringMap(file, 'sku_aliases', o.sku_aliases) ?? {};
  cfg.meterQuantity = stringMap(file, 'meter_quantity', o.meter_quantity) ?? {};
  if (o.shared_cost !== undefined) {
    if (o.shared_cost !== 'unallocated' && o.shared_cost !== 'proportional') fail(file, 'shared_cost', '"unallocated" or "proportional"', o.shared_cost);
    cfg.sharedCost = o.shared_cost;
  }
  if (o.period !== undefined) {
    if (o.period !== 'month' && o.period !== 'week' && o.period !== 'day') fail(file, 'period', '"month", "week" or "day"', o.period);
    cfg.period = o.period;
  }
  if (o.tolerance !== undefined) {
    const t = o.tolerance;
    if (!t || typeof t !== 'object' || Array.isArray(t)) fail(file, 'tolerance', '{"absolute": "0.01", "relative": "0.001"}', t);
    const tt = t as Record<string, Json>;
    cfg.tolerance = {
      absolute: decimalSetting(file, 'tolerance.absolute', tt.absolute, '0'),
      relative: decimalSetting(file, 'tolerance.relative', tt.relative, '0'),
    };
  }
  const win = o.suspected_duplicate_window_seconds;
  if (win !== undefined) {
    if (typeof win !== 'number' || !Number.isInteger(win) || win < 0) fail(file, 'suspected_duplicate_window_seconds', 'a whole number of seconds', win);
    cfg.suspectedDuplicateWindowSeconds = win;
  }
  if (o.default_currency !== undefined && o.default_currency !== null) {
    const c = o.default_currency;
    if (typeof c !== 'string' || !isKnownCurrency(c.toUpperCase())) fail(file, 'default_currency', 'an ISO 4217 code', c);
    cfg.defaultCurrency = c.toUpperCase();
  }
  const exp = o.expected_daily_events;
  if (exp !== undefined && exp !== null) {
    if (typeof exp !== 'number' || !(exp > 0)) fail(file, 'expected_daily_events', 'a positive number', exp);
    cfg.expectedDailyEvents = exp;
  }
  if (o.provider_invoices !== undefined) {
    if (!Array.isArray(o.provider_invoices)) fail(file, 'provider_invoices', 'a list of {invoice_id|billing_period, currency, total}', o.provider_invoices);
    cfg.providerInvoices = o.provider_invoices.map((p, i) => {
      const key = `provider_invoices[${i}]`;
      if (!p || typeof p !== 'object' || Array.isArray(p)) return fail(file, key, 'an object', p);
      const r = p as Record<string, Json>;
      if (typeof r.currency !== 'string' || !isKnownCurrency(r.currency.toUpperCase())) fail(file, `${key}.currency`, 'an ISO 4217 code', r.currency);
      if (typeof r.invoice_id !== 'string' && typeof r.billing_period !== 'string') fail(file, key, 'an invoice_id or a billing_period', p);
      return {
        invoice_id: typeof r.invoice_id === 'string' ? r.invoice_id : undefined,
        billing_period: typeof r.billing_period === 'string' ? r.billing_period : undefined,
        billing_account_id: typeof r.billing_account_id === 'string' ? r.billing_account_id : undefined,
        currency: (r.currency as string).toUpperCase(),
        total: decimalSetting(file, `${key}.total`, r.total, '0'),
      };
    });
  }
  cfg.usageCsvMapping = stringMap(file, 'usage_csv_mapping', o.usage_csv_mapping) ?? null;
  cfg.ledgerCsvMapping = stringMap(file, 'ledger_csv_mapping', o.ledger_csv_mapping) ?? null;
  return cfg;
}

/** The canonical SKU for any name (aliases map ledger/price-book names to the meter name). */
export function canonicalSku(cfg: BillingConfig, sku: string): string {
  return cfg.skuAliases[sku] ?? sku;
}
