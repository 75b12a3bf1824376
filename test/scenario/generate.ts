/**
 * Deterministic scenario generator: one month (2024-03) of a small usage-billed company in real
 * export formats — FOCUS 1.2 cost export with customer/sku tags, OpenMeter CloudEvents usage
 * (NDJSON), Lago invoice_fees ledger (CSV), a price book and a config — with optional planted
 * faults whose exact expected effects (to the minor unit) are returned beside the files.
 *
 *   const { files, planted } = generateScenario({ seed: 7, faults: true });
 *
 * Pure (no node:*): usable from tests, scripts and the renderer. Pricing here is an independent
 * implementation so tests do not check the product against itself.
 */
import { rng } from '../../src/analysis/anomaly/cost-generator';
import {
  daysInPeriod,
  dayLevel,
  INCIDENT,
  jpyUsdRate,
  nextPeriod,
  periodOf,
  periodStartMs,
  PRICE_CHANGE,
  SAVINGS_PLAN,
  YEAR_PERIODS,
} from './year-shape';

export type FaultKind =
  | 'duplicate_events'
  | 'late_batch'
  | 'unattributed_events'
  | 'under_metered'
  | 'wrong_unit_price'
  | 'billed_without_usage'
  | 'negative_margin'
  | 'non_usd_currency';

export const ALL_FAULTS: FaultKind[] = [
  'duplicate_events',
  'late_batch',
  'unattributed_events',
  'under_metered',
  'wrong_unit_price',
  'billed_without_usage',
  'negative_margin',
  'non_usd_currency',
];

export interface PlantedFault {
  kind: FaultKind;
  customer_id: string;
  sku: string;
  period: string;
  currency: string;
  description: string;
  /** Expected reconciliation row (customer × SKU × period × currency), when the fault shows there. */
  reconciliation?: { status: string; quantity_delta: string; amount_delta: string };
  /** Expected event finding, when the fault is event-level. */
  finding?: { code: string; quantity: string; amount: string | null };
  /** Expected margin row for the SKU × currency. */
  margin?: { revenue: string; cost: string; margin: string };
}

export interface ScenarioFile {
  name: string;
  text: string;
}

export interface Scenario {
  files: ScenarioFile[];
  planted: PlantedFault[];
  /** Rows per file, for benchmarks and READMEs. */
  counts: Record<string, number>;
  /** With `year`: margins per SKU per month, the incident, invoices (written as answer-key.json). */
  answers?: YearAnswers;
}

export interface ScenarioOptions {
  seed?: number;
  /** true: every fault; false: a clean month; or a list of faults to plant. */
  faults?: boolean | FaultKind[];
  /** Multiplies the number of events (benchmarks); default 1. */
  scale?: number;
  /**
   * The demo company's year (2024, year-shape.ts) instead of March alone: growth and seasonality,
   * the July price change, the September incident, a savings plan and a JPY→USD rate file. The
   * planted faults stay in March.
   */
  year?: boolean;
}

/** What the year's answer key adds to the planted faults (scenario.answers). */
export interface YearAnswers {
  /** Margin per SKU × period × currency, revenue net of tax, cost rounded once per row (EffectiveCost). */
  margins: { sku: string; period: string; currency: string; revenue: string; cost: string; margin: string }[];
  /** The incident: the usage events the meter dropped, and the revenue they would have billed. */
  incident: { customer_id: string; sku: string; from: string; to: string; events: number; quantity: string; revenue_lost: string; currency: string };
  /** Provider invoice totals per month (BilledCost), and the savings plan's purchase. */
  invoices: { invoice_id: string; currency: string; total: string }[];
  savings_plan: { billed: string; covered_effective: string; covered_list: string };
}

export const SCENARIO_FILES = {
  cost: 'cost_focus.csv',
  usage: 'usage_cloudevents.ndjson',
  ledger: 'lago_invoice_fees.csv',
  prices: 'price_book.csv',
  config: 'config.json',
  fx: 'fx_rates.csv',
} as const;

const PERIOD = '2024-03';
const MONTH_START = Date.UTC(2024, 2, 1);
const DAYS = 31;

// Fixed-point helpers (scale 9) — independent of src/model/money.ts on purpose.
const SC = 9;
const TEN9 = 10n ** 9n;
function fx(s: string): bigint {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i || '0') * TEN9 + BigInt((f + '000000000').slice(0, SC));
  return neg ? -v : v;
}
function str(v: bigint, scale = SC): string {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString().padStart(scale + 1, '0');
  s = scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
  if (scale) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return (neg ? '-' : '') + s;
}
function roundTo(v: bigint, fromScale: number, exp: number): bigint {
  const div = 10n ** BigInt(fromScale - exp);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const q = a / div + ((a % div) * 2n >= div ? 1n : 0n);
  return neg ? -q : q;
}
const EXP: Record<string, number> = { USD: 2, JPY: 0 };
function money(minor: bigint, cur: string): string {
  const e = EXP[cur];
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(e + 1, '0');
  return (neg ? '-' : '') + (e ? `${s.slice(0, -e)}.${s.slice(-e)}` : s);
}

interface Price {
  flat?: string;
  free?: string;
  tiers?: { from: string; to: string | null; price: string }[];
}
const PRICES: Record<string, Record<string, Price>> = {
  USD: {
    api_calls: { flat: '0.002', free: '500' },
    storage_gb: {
      tiers: [
        { from: '0', to: '1000', price: '0.10' },
        { from: '1000', to: null, price: '0.08' },
      ],
    },
    compute_hours: { flat: '0.50' },
    gpu_minutes: { flat: '0.90' },
  },
  JPY: {
    api_calls: { flat: '0.3', free: '500' },
    storage_gb: {
      tiers: [
        { from: '0', to: '1000', price: '15' },
        { from: '1000', to: null, price: '12' },
      ],
    },
    compute_hours: { flat: '75' },
    gpu_minutes: { flat: '135' },
  },
};

/** Exact amount at scale 18 for quantity `q` (scale 9). */
function priceExact(q: bigint, p: Price): bigint {
  if (p.flat) {
    const billable = q - fx(p.free ?? '0');
    return (billable > 0n ? billable : 0n) * fx(p.flat);
  }
  let t = 0n;
  for (const tier of p.tiers!) {
    const from = fx(tier.from);
    const to = tier.to === null ? q : fx(tier.to) < q ? fx(tier.to) : q;
    if (to > from) t += (to - from) * fx(tier.price);
  }
  return t;
}
/** The price of a SKU in a period: the book's, or its mid-year change in the year's second half. */
function priceOf(cur: string, sku: string, period: string, year: boolean): Price {
  const p = PRICES[cur][sku];
  return year && sku === PRICE_CHANGE.sku && `${period}-01` >= PRICE_CHANGE.from ? { ...p, flat: PRICE_CHANGE[cur as 'USD' | 'JPY'] } : p;
}

interface Ev {
  id: string;
  customer: string | null;
  sku: string;
  ts: number;
  ingest: number;
  value: string;
}

interface CustomerPlan {
  id: string;
  currency: 'USD' | 'JPY';
  skus: Record<string, number>; // sku -> event count
}

const CUSTOMERS: CustomerPlan[] = [
  { id: 'acme', currency: 'USD', skus: { api_calls: 60, storage_gb: 31, gpu_minutes: 25 } },
  { id: 'globex', currency: 'USD', skus: { api_calls: 50, storage_gb: 31, compute_hours: 40 } },
  { id: 'initech', currency: 'USD', skus: { api_calls: 45, compute_hours: 30 } },
  { id: 'umbrella', currency: 'USD', skus: { api_calls: 40, compute_hours: 35 } },
  { id: 'kumo', currency: 'JPY', skus: { api_calls: 55, storage_gb: 31 } },
];

function valueFor(sku: string, r: () => number): string {
  switch (sku) {
    case 'api_calls':
      return String(1 + Math.floor(r() * 200));
    case 'storage_gb':
      return (20 + r() * 60).toFixed(3);
    case 'compute_hours':
      return String((1 + Math.floor(r() * 16)) * 0.25);
    default:
      return String(10 + Math.floor(r() * 50));
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function generateScenario(opts: ScenarioOptions = {}): Scenario {
  const seed = opts.seed ?? 1;
  const r = rng(seed);
  const on = new Set<FaultKind>(opts.faults === true ? ALL_FAULTS : Array.isArray(opts.faults) ? opts.faults : []);
  const scale = Math.max(1, Math.floor(opts.scale ?? 1));
  const year = opts.year === true;
  const periods = year ? YEAR_PERIODS : [PERIOD];
  const customers = CUSTOMERS.filter((c) => c.currency === 'USD' || on.has('non_usd_currency') || opts.faults === false);
  const planted: PlantedFault[] = [];
  const priceMinor = (q: bigint, cur: string, sku: string, period = PERIOD) =>
    roundTo(priceExact(q, priceOf(cur, sku, period, year)), 2 * SC, EXP[cur]);
  const key = (cust: string, sku: string, period = PERIOD) => `${cust}|${sku}|${period}`;

  // --- usage events ---
  const events: Ev[] = [];
  let seq = 0;
  const hex = () =>
    Math.floor(r() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  const newId = () => `evt_${(++seq).toString(36).padStart(6, '0')}_${hex()}`;
  const dropped: Ev[] = [];
  for (const c of customers) {
    for (const [sku, count] of Object.entries(c.skus)) {
      if (year) {
        yearEvents(c.id, sku, count, scale, r, newId, (e) => (inIncident(e) ? dropped : events).push(e));
        continue;
      }
      const n = count * scale;
      const step = Math.floor((DAYS * 86400_000) / n);
      for (let i = 0; i < n; i++) {
        // Spread over the month, at least one step apart: no accidental suspected duplicates.
        const ts = MONTH_START + i * step + Math.floor(r() * (step / 2));
        events.push({ id: newId(), customer: c.id, sku, ts, ingest: ts + 1000 + Math.floor(r() * 4000), value: valueFor(sku, r) });
      }
    }
  }
  const sumOf = (pred: (e: Ev) => boolean) => events.filter(pred).reduce((t, e) => t + fx(e.value), 0n);

  // Billed quantity per customer × SKU × period starts equal to the metered quantity; faults bend it.
  const billedQty = new Map<string, bigint>();
  for (const p of periods)
    for (const c of customers)
      for (const sku of Object.keys(c.skus))
        billedQty.set(
          key(c.id, sku, p),
          sumOf((e) => e.customer === c.id && e.sku === sku && periodOf(e.ts) === p),
        );
  const unitPriceOverride = new Map<string, string>();
  const extraLines: { cust: string; sku: string; qty: bigint; cur: string }[] = [];

  if (on.has('duplicate_events')) {
    const src = events.filter((e) => e.customer === 'acme' && e.sku === 'api_calls' && periodOf(e.ts) === PERIOD).slice(0, 5);
    const dupQ = src.reduce((t, e) => t + fx(e.value), 0n);
    for (const e of src) events.push({ ...e, ingest: e.ingest + 60_000 });
    const base = billedQty.get(key('acme', 'api_calls'))!;
    billedQty.set(key('acme', 'api_calls'), base + dupQ); // the billing system counted the copies
    const delta = priceMinor(base + dupQ, 'USD', 'api_calls') - priceMinor(base, 'USD', 'api_calls');
    planted.push({
      kind: 'duplicate_events',
      customer_id: 'acme',
      sku: 'api_calls',
      period: PERIOD,
      currency: 'USD',
      description: '5 events re-sent with the same source and id; the invoice billed them twice',
      reconciliation: { status: 'overbilled', quantity_delta: str(dupQ), amount_delta: money(delta, 'USD') },
      finding: { code: 'duplicate_event', quantity: str(dupQ), amount: money(delta, 'USD') },
    });
  }
  if (on.has('late_batch')) {
    const late: Ev[] = [];
    for (let i = 0; i < 8; i++) {
      const ts = Date.UTC(2024, 2, 30, 8, i * 5);
      late.push({ id: newId(), customer: 'globex', sku: 'compute_hours', ts, ingest: Date.UTC(2024, 3, 3, 9, 0, i), value: '1.5' });
    }
    events.push(...late);
    const lateQ = late.reduce((t, e) => t + fx(e.value), 0n);
    const base = billedQty.get(key('globex', 'compute_hours'))!; // invoice issued before the batch arrived
    const delta = priceMinor(base, 'USD', 'compute_hours') - priceMinor(base + lateQ, 'USD', 'compute_hours');
    planted.push({
      kind: 'late_batch',
      customer_id: 'globex',
      sku: 'compute_hours',
      period: PERIOD,
      currency: 'USD',
      description: '8 events of 30 March received on 3 April, after the invoice was issued on 1 April',
      reconciliation: { status: 'underbilled', quantity_delta: str(-lateQ), amount_delta: money(delta, 'USD') },
      finding: { code: 'late_event', quantity: str(lateQ), amount: money(-delta, 'USD') },
    });
  }
  if (on.has('unattributed_events')) {
    let q = 0n;
    for (let i = 0; i < 7; i++) {
      const ts = Date.UTC(2024, 2, 10 + i, 12, 0, 0);
      const e = { id: newId(), customer: null, sku: 'api_calls', ts, ingest: ts + 2000, value: String(10 * (i + 1)) };
      events.push(e);
      q += fx(e.value);
    }
    planted.push({
      kind: 'unattributed_events',
      customer_id: '',
      sku: 'api_calls',
      period: PERIOD,
      currency: 'USD',
      description: '7 events without a subject (customer id)',
      reconciliation: { status: 'unattributed', quantity_delta: str(-q), amount_delta: money(-priceMinor(q, 'USD', 'api_calls'), 'USD') },
    });
  }
  if (on.has('under_metered')) {
    // The billing meter dropped six hours of initech's api_calls on the 14th.
    const lost: Ev[] = [];
    for (let i = 0; i < 4; i++) {
      const ts = Date.UTC(2024, 2, 14, i, 30, 0);
      lost.push({ id: newId(), customer: 'initech', sku: 'api_calls', ts, ingest: ts + 1500, value: String(150 + i * 25) });
    }
    events.push(...lost);
    const q = lost.reduce((t, e) => t + fx(e.value), 0n);
    const metered = billedQty.get(key('initech', 'api_calls'))! + q;
    const billed = metered - q; // billed from the lossy meter
    const delta = priceMinor(billed, 'USD', 'api_calls') - priceMinor(metered, 'USD', 'api_calls');
    planted.push({
      kind: 'under_metered',
      customer_id: 'initech',
      sku: 'api_calls',
      period: PERIOD,
      currency: 'USD',
      description: 'the billing meter lost 4 events (00:00-06:00 on 14 March); the invoice billed fewer units',
      reconciliation: { status: 'underbilled', quantity_delta: str(-q), amount_delta: money(delta, 'USD') },
    });
  }
  if (on.has('wrong_unit_price')) {
    unitPriceOverride.set(key('umbrella', 'compute_hours'), '0.55');
    const q = billedQty.get(key('umbrella', 'compute_hours'))!;
    const delta = roundTo(q * fx('0.55'), 2 * SC, 2) - priceMinor(q, 'USD', 'compute_hours');
    planted.push({
      kind: 'wrong_unit_price',
      customer_id: 'umbrella',
      sku: 'compute_hours',
      period: PERIOD,
      currency: 'USD',
      description: 'invoice line priced at 0.55 instead of the price book 0.50',
      reconciliation: { status: 'rate_mismatch', quantity_delta: '0', amount_delta: money(delta, 'USD') },
    });
  }
  if (on.has('billed_without_usage')) {
    const q = fx('120');
    extraLines.push({ cust: 'hooli', sku: 'gpu_minutes', qty: q, cur: 'USD' });
    planted.push({
      kind: 'billed_without_usage',
      customer_id: 'hooli',
      sku: 'gpu_minutes',
      period: PERIOD,
      currency: 'USD',
      description: 'an invoice line for 120 GPU minutes with no metered usage behind it',
      reconciliation: { status: 'billed_only', quantity_delta: '120', amount_delta: money(priceMinor(q, 'USD', 'gpu_minutes'), 'USD') },
    });
  }

  events.sort((a, b) => a.ingest - b.ingest || a.ts - b.ts);
  const usageLines = events.map((e) => {
    const o: Record<string, unknown> = { specversion: '1.0', id: e.id, source: 'gateway.northwind.example', type: e.sku };
    if (e.customer) o.subject = e.customer;
    o.time = iso(e.ts);
    o.ingesttime = iso(e.ingest);
    o.datacontenttype = 'application/json';
    o.data = { value: e.value, region: 'eu-west-1' };
    return JSON.stringify(o);
  });

  // --- ledger: Lago invoice_fees export ---
  const header =
    'invoice_lago_id,invoice_number,invoice_issuing_date,fee_lago_id,fee_item_type,fee_item_code,fee_item_name,fee_item_description,fee_item_invoice_display_name,fee_item_filter_invoice_display_name,fee_item_grouped_by,subscription_external_id,subscription_plan_code,fee_from_date_utc,fee_to_date_utc,fee_amount_currency,fee_units,fee_precise_unit_amount,fee_taxes_amount_cents,fee_total_amount_cents';
  const ledger: string[] = [header];
  const revenue = new Map<string, bigint>(); // sku|cur|period -> minor
  let feeSeq = 0;
  const feeLine = (period: string, cust: string, cur: string, type: string, sku: string, qty: bigint, amountMinor: bigint, unit: string) => {
    const inv = `${cust.toUpperCase()}-${period.replace('-', '')}`;
    const tax = roundTo(amountMinor * 10n, 2, 0); // 10% tax, in minor units
    const rk = `${sku}|${cur}|${period}`;
    revenue.set(rk, (revenue.get(rk) ?? 0n) + amountMinor);
    ledger.push(
      [
        `inv_${cust}_${period}`,
        inv,
        `${nextPeriod(period)}-01`,
        `fee_${(++feeSeq).toString().padStart(4, '0')}`,
        type,
        sku,
        sku.replace('_', ' '),
        '',
        '',
        '',
        '{}',
        cust,
        'usage_plan',
        `${period}-01T00:00:00Z`,
        `${period}-${daysInPeriod(period)}T23:59:59Z`,
        cur,
        str(qty),
        unit,
        tax.toString(),
        (amountMinor + tax).toString(),
      ].join(','),
    );
  };
  for (const period of periods) {
    for (const c of customers) {
      feeLine(
        period,
        c.id,
        c.currency,
        'subscription',
        'usage_plan',
        fx('1'),
        c.currency === 'JPY' ? 7500n : 4900n,
        c.currency === 'JPY' ? '7500' : '49.00',
      );
      for (const sku of Object.keys(c.skus)) {
        const q = billedQty.get(key(c.id, sku, period))!;
        const override = unitPriceOverride.get(key(c.id, sku, period));
        const p = priceOf(c.currency, sku, period, year);
        const amount = override ? roundTo(q * fx(override), 2 * SC, EXP[c.currency]) : roundTo(priceExact(q, p), 2 * SC, EXP[c.currency]);
        feeLine(period, c.id, c.currency, 'charge', sku, q, amount, override ?? p.flat ?? str((fx(money(amount, c.currency)) * TEN9) / (q || 1n)));
      }
    }
    if (period === PERIOD)
      for (const x of extraLines) feeLine(period, x.cust, x.cur, 'charge', x.sku, x.qty, priceMinor(x.qty, x.cur, x.sku), PRICES[x.cur][x.sku].flat!);
  }

  // --- price book ---
  const prices = ['sku,currency,unit_price,tier_mode,tier_from,tier_to,free_quantity,valid_from,valid_to'];
  for (const [cur, book] of Object.entries(PRICES)) {
    for (const [sku, p] of Object.entries(book)) {
      const changes = year && sku === PRICE_CHANGE.sku;
      if (p.flat) prices.push(`${sku},${cur},${p.flat},,,,${p.free ?? ''},2024-01-01,${changes ? PRICE_CHANGE.from : ''}`);
      else for (const t of p.tiers!) prices.push(`${sku},${cur},${t.price},graduated,${t.from},${t.to ?? ''},,2024-01-01,`);
      if (changes) prices.push(`${sku},${cur},${PRICE_CHANGE[cur as 'USD' | 'JPY']},,,,${p.free ?? ''},${PRICE_CHANGE.from},`);
    }
  }

  // --- FOCUS 1.2 cost export, tagged by customer and sku; shared networking untagged ---
  const cost = costExport(customers, on.has('negative_margin'), year, r);

  if (on.has('negative_margin')) {
    const rev = revenue.get(`gpu_minutes|USD|${PERIOD}`) ?? 0n;
    const costMinor = roundTo(cost.effective.get(`gpu_minutes|${PERIOD}`) ?? 0n, 10, 2);
    planted.push({
      kind: 'negative_margin',
      customer_id: '',
      sku: 'gpu_minutes',
      period: PERIOD,
      currency: 'USD',
      description: 'GPU minutes cost more at the provider than they earn',
      margin: { revenue: money(rev, 'USD'), cost: money(costMinor, 'USD'), margin: money(rev - costMinor, 'USD') },
    });
  }
  if (on.has('non_usd_currency')) {
    const rev = revenue.get(`api_calls|JPY|${PERIOD}`) ?? 0n;
    planted.push({
      kind: 'non_usd_currency',
      customer_id: 'kumo',
      sku: 'api_calls',
      period: PERIOD,
      currency: 'JPY',
      description: 'kumo is billed in JPY while provider cost is in USD: separate margin rows, never added',
      margin: { revenue: money(rev, 'JPY'), cost: '0', margin: money(rev, 'JPY') },
    });
  }

  const invoices = [...cost.billedByInvoice].map(([invoice_id, v]) => ({ invoice_id, currency: 'USD', total: str(v * 10n, 11) }));
  const config = {
    $comment: 'FinOps Workbench mappings for this scenario: defaults spelled out.',
    cost_tags: { customer: ['customer', 'customer_id', 'tenant'], sku: ['sku', 'product', 'meter'] },
    sku_aliases: {},
    shared_cost: 'unallocated',
    tolerance: { absolute: '0', relative: '0' },
    period: 'month',
    provider_invoices: invoices,
  };

  const files: ScenarioFile[] = [
    { name: SCENARIO_FILES.cost, text: cost.lines.join('\n') + '\n' },
    { name: SCENARIO_FILES.usage, text: usageLines.join('\n') + '\n' },
    { name: SCENARIO_FILES.ledger, text: ledger.join('\n') + '\n' },
    { name: SCENARIO_FILES.prices, text: prices.join('\n') + '\n' },
    { name: SCENARIO_FILES.config, text: JSON.stringify(config, null, 2) + '\n' },
  ];
  const counts: Record<string, number> = {
    cost: cost.lines.length - 1,
    usage: usageLines.length,
    ledger: ledger.length - 1,
    prices: prices.length - 1,
  };
  if (!year) return { files, planted, counts };

  const fxLines = ['date,from,to,rate'];
  for (const p of periods)
    for (let d = 0; d < daysInPeriod(p); d++) {
      const ms = periodStartMs(p) + d * 86_400_000;
      fxLines.push(`${iso(ms).slice(0, 10)},JPY,USD,${jpyUsdRate(ms)}`);
    }
  files.push({ name: SCENARIO_FILES.fx, text: fxLines.join('\n') + '\n' });
  counts.fx = fxLines.length - 1;

  const margins: YearAnswers['margins'] = [];
  const skus = [...new Set([...revenue.keys()].map((k) => k.split('|')[0]).concat([...cost.effective.keys()].map((k) => k.split('|')[0])))].sort();
  for (const period of periods)
    for (const cur of ['JPY', 'USD'])
      for (const sku of skus) {
        const rev = revenue.get(`${sku}|${cur}|${period}`);
        const c10 = cur === 'USD' ? cost.effective.get(`${sku}|${period}`) : undefined;
        if (rev === undefined && c10 === undefined) continue;
        const cm = c10 === undefined ? 0n : roundTo(c10, 10, EXP[cur]);
        margins.push({ sku, period, currency: cur, revenue: money(rev ?? 0n, cur), cost: money(cm, cur), margin: money((rev ?? 0n) - cm, cur) });
      }
  const incidentPeriod = periodOf(INCIDENT.from);
  const lostQ = dropped.reduce((t, e) => t + fx(e.value), 0n);
  const billedSep = billedQty.get(key(INCIDENT.customer, INCIDENT.sku, incidentPeriod))!;
  const answers: YearAnswers = {
    margins,
    incident: {
      customer_id: INCIDENT.customer,
      sku: INCIDENT.sku,
      from: iso(INCIDENT.from),
      to: iso(INCIDENT.to),
      events: dropped.length,
      quantity: str(lostQ),
      revenue_lost: money(
        priceMinor(billedSep + lostQ, 'USD', INCIDENT.sku, incidentPeriod) - priceMinor(billedSep, 'USD', INCIDENT.sku, incidentPeriod),
        'USD',
      ),
      currency: 'USD',
    },
    invoices,
    savings_plan: {
      billed: str(cost.plan.billed * 10n, 11),
      covered_effective: str(cost.plan.effective * 10n, 11),
      covered_list: str(cost.plan.list * 10n, 11),
    },
  };
  return { files, planted, counts, answers };
}

const inIncident = (e: Ev) => e.customer === INCIDENT.customer && e.sku === INCIDENT.sku && e.ts >= INCIDENT.from && e.ts < INCIDENT.to;

// Mean value of one event and events a day per SKU in the year: a month of the one-month plan's
// quantity (count × mean) spread over its days, two api_calls batches a day, one report of the rest.
const YEAR_MEAN: Record<string, number> = { api_calls: 100, storage_gb: 50, compute_hours: 2.1, gpu_minutes: 35 };
const PER_DAY: Record<string, number> = { api_calls: 2, storage_gb: 1, compute_hours: 1, gpu_minutes: 1 };

/** One customer × SKU's events over the year, each day at that day's level (growth, weekday, month, season). */
function yearEvents(cust: string, sku: string, count: number, scale: number, r: () => number, newId: () => string, put: (e: Ev) => void): void {
  const k = PER_DAY[sku] * scale;
  const perEvent = (count * YEAR_MEAN[sku]) / 31 / k;
  for (const period of YEAR_PERIODS)
    for (let d = 0; d < daysInPeriod(period); d++) {
      const day = periodStartMs(period) + d * 86_400_000;
      const step = Math.floor(86_400_000 / k);
      for (let i = 0; i < k; i++) {
        const ts = day + i * step + Math.floor(r() * (step / 2));
        // Storage is a level (GB held), not traffic: it grows but keeps no weekday rhythm.
        const level = sku === 'storage_gb' ? 1 + (0.7 * (day - periodStartMs(YEAR_PERIODS[0]))) / (365 * 86_400_000) : dayLevel(day);
        const x = perEvent * level * (0.92 + 0.16 * r());
        const value =
          sku === 'storage_gb'
            ? x.toFixed(3)
            : sku === 'compute_hours'
              ? String(Math.max(1, Math.round(x * 4)) / 4)
              : String(Math.max(1, Math.round(x)));
        put({ id: newId(), customer: cust, sku, ts, ingest: ts + 1000 + Math.floor(r() * 4000), value });
      }
    }
}

/** The FOCUS columns of the generated cost export, in file order (the warehouse bench writes the same). */
export const FOCUS_HEADER = [
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'InvoiceId',
  'InvoiceIssuerName',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'RegionId',
  'ResourceId',
  'SubAccountId',
  'Tags',
];

interface CostExport {
  lines: string[];
  /** EffectiveCost at scale 10 per `sku|period` ('(unallocated)' for untagged lines). */
  effective: Map<string, bigint>;
  /** BilledCost at scale 10 per invoice id. */
  billedByInvoice: Map<string, bigint>;
  /** The savings plan (year only): its purchase, and the EffectiveCost and ListCost of the usage it covered. */
  plan: { billed: bigint; effective: bigint; list: bigint };
}

/**
 * Daily AWS cost lines per customer × SKU, tagged, plus untagged shared networking (VPC). With
 * `year`, each day follows the year's level and EC2 is covered by an all-upfront savings plan:
 * its usage is billed 0 with EffectiveCost 72% of ListCost, the purchase billed on 1 January.
 */
function costExport(customers: CustomerPlan[], negativeMargin: boolean, year: boolean, r: () => number): CostExport {
  const lines: string[] = [FOCUS_HEADER.join(',')];
  const effective = new Map<string, bigint>();
  const billedByInvoice = new Map<string, bigint>();
  const plan = { billed: 0n, effective: 0n, list: 0n };
  const SKU_COST: Record<string, [string, number]> = {
    api_calls: ['Amazon API Gateway', 0.05],
    storage_gb: ['Amazon Simple Storage Service', 0.12],
    compute_hours: [SAVINGS_PLAN.service, 0.4],
    gpu_minutes: ['Amazon SageMaker', negativeMargin ? 60 : 12],
  };
  const csvq = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const s10 = (v: bigint) => str(v * 10n, 11);
  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
  const row = (
    day: number,
    c: { billed: bigint; effective: bigint; list: bigint },
    service: string,
    tags: Record<string, string> | null,
    resource: string,
    category = 'Usage',
  ) => {
    const period = periodOf(day);
    const invoice = `INV-AWS-${period}`;
    add(billedByInvoice, invoice, c.billed);
    add(effective, `${tags?.sku ?? '(unallocated)'}|${period}`, c.effective);
    lines.push(
      [
        '111122223333',
        'Northwind Payer',
        'USD',
        iso(periodStartMs(period)),
        iso(periodStartMs(nextPeriod(period))),
        iso(day),
        iso(day + 86400_000),
        category,
        '',
        csvq(category === 'Purchase' ? 'Compute Savings Plan, 1 year all upfront' : `${service} usage`),
        s10(c.billed),
        s10(c.effective),
        s10(c.list),
        s10(c.effective),
        invoice,
        csvq('Amazon Web Services, Inc.'),
        'AWS',
        'AWS',
        'Compute',
        csvq(service),
        'eu-west-1',
        resource,
        '444455556666',
        tags ? csvq(JSON.stringify(tags)) : '',
      ].join(','),
    );
  };
  const c10 = (x: number) => BigInt(Math.round(x * 1e10));
  const days: number[] = year
    ? YEAR_PERIODS.flatMap((p) => Array.from({ length: daysInPeriod(p) }, (_, d) => periodStartMs(p) + d * 86_400_000))
    : Array.from({ length: DAYS }, (_, d) => MONTH_START + d * 86_400_000);
  const same = (v: bigint) => ({ billed: v, effective: v, list: v });
  for (const c of customers) {
    for (const sku of Object.keys(c.skus)) {
      const [service, perDay] = SKU_COST[sku];
      for (const day of days) {
        if (!year) {
          row(day, same(c10(perDay * (0.6 + r() * 0.8))), service, { customer: c.id, sku }, `arn:aws:${sku}:${c.id}`);
          continue;
        }
        const list = c10(perDay * dayLevel(day) * (0.93 + r() * 0.14));
        if (service !== SAVINGS_PLAN.service) {
          row(day, same(list), service, { customer: c.id, sku }, `arn:aws:${sku}:${c.id}`);
          continue;
        }
        const covered = roundTo(list * SAVINGS_PLAN.percentOfOnDemand, 2, 0);
        plan.effective += covered;
        plan.list += list;
        row(day, { billed: 0n, effective: covered, list }, service, { customer: c.id, sku }, `arn:aws:${sku}:${c.id}`);
      }
    }
  }
  for (const day of days) row(day, same(c10((1.5 + r()) * (year ? dayLevel(day) : 1))), 'Amazon Virtual Private Cloud', null, 'arn:aws:vpc:shared');
  if (year) {
    // Sized to the usage it covers (fully used): actual cost pays it up front, amortized cost spreads it.
    plan.billed = plan.effective;
    row(
      Date.parse(`${SAVINGS_PLAN.purchaseDay}T00:00:00Z`),
      { billed: plan.billed, effective: 0n, list: 0n },
      'Savings Plans for AWS Compute usage',
      null,
      'arn:aws:savingsplans::111122223333:savingsplan/northwind-2024',
      'Purchase',
    );
  }
  return { lines, effective, billedByInvoice, plan };
}
