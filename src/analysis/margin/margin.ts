/**
 * Margin: revenue from the ledger minus provider cost from the cost export, allocated to SKU and
 * customer by cost tags (keys from the mappings). Per currency, never mixed; untagged cost is its
 * own "(unallocated)" line unless the shared-cost rule splits it by each SKU's metered quantity
 * (largest-remainder, exact to the 10^-18). Sums in the engine; rounding, allocation and ratios in
 * bigint. Call prepareBillingTables first.
 */
import type { Engine } from '../../engine/engine';
import { literal } from '../../engine/sql';
import type { BillingConfig } from '../../model/mappings';
import { currencyExponent, formatDecimal, parseDecimal } from '../../model/money';
import { periodFormatSql, periodStartSql } from '../reconcile/period';
import { COST_ALLOC_TABLE, stageCostAllocation } from '../reconcile/cost-staging';
import { roundHalfAway, S } from '../reconcile/pricing';
import { tidy } from '../reconcile/reconcile';

export const UNALLOCATED = '(unallocated)';
export const NO_SKU = '(no sku)';

/** 'currency' and 'period' are the totals, summed exactly before rounding (never a sum of rounded rows). */
export type MarginLevel = 'sku' | 'customer' | 'sku_customer' | 'sku_period' | 'currency' | 'period';

export interface MarginRow {
  level: MarginLevel;
  sku: string; // '' at the customer level
  customer_id: string; // '' when not split by customer or unknown
  period: string; // '' unless split by period
  currency: string;
  revenue: string;
  cost: string;
  margin: string;
  margin_pct: string; // '' when there is no revenue
  billed_quantity: string;
  metered_quantity: string;
  unit_price: string; // revenue / billed quantity
  unit_cost: string; // cost / metered quantity
  negative_margin: boolean;
}

/** Revenue-bearing ledger kinds: everything billed except tax, invoice totals and cash movements. */
export const NOT_REVENUE = ['tax', 'invoice_total', 'payment', 'refund'];

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const d18 = (v: unknown) => parseDecimal(v == null ? '0' : String(v), S);

/** a / b to `places` decimals, half away from zero; '' when b is 0. */
export function ratio(a: bigint, b: bigint, places: number): string {
  if (b === 0n) return '';
  const neg = a < 0n !== b < 0n;
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const scaled = x * 10n ** BigInt(places);
  let q = scaled / y;
  if ((scaled % y) * 2n >= y) q += 1n;
  return formatDecimal(neg ? -q : q, places);
}

/** Splits `total` over `weights` exactly (largest remainder). */
export function splitExact(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const neg = total < 0n;
  const t = neg ? -total : total;
  const parts = weights.map((w) => (t * w) / sum);
  let rest = t - parts.reduce((a, b) => a + b, 0n);
  const order = weights.map((w, i) => ({ i, r: (t * w) % sum })).sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
  for (const o of order) {
    if (rest === 0n) break;
    parts[o.i] += 1n;
    rest -= 1n;
  }
  return neg ? parts.map((p) => -p) : parts;
}

type Sums = { sku: string; cust: string; period: string; currency: string; rev: bigint; cost: bigint; bq: bigint; mq: bigint };

const DEC = 'DECIMAL(38,18)';
/** A period label as the cells key it: a NULL period start is the label 'null'. */
const periodKey = (expr: string) => `coalesce(${expr}, 'null')`;

/**
 * Builds `__mg_cells` (SKU × customer × period × currency: revenue, cost, billed and metered
 * quantity, exact DECIMAL sums) in the engine, so only the rollups travel to JS.
 */
async function buildCells(engine: Engine, cfg: BillingConfig, costStaged: boolean): Promise<void> {
  // Cost per tag value × day (cost-staging.ts): from the cost lines here, or as a warehouse computed it.
  if (!costStaged) await stageCostAllocation(engine, cfg);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __mg_cost AS
    SELECT sku, cust, ${periodKey(periodFormatSql(cfg.period, periodStartSql(cfg.period, 'CAST(day AS TIMESTAMP)')))} AS period, currency, day, sum(cost) AS cost
    FROM ${COST_ALLOC_TABLE} GROUP BY ALL`);
  const proportional = cfg.sharedCost === 'proportional';
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __mg_shared (sku VARCHAR, period VARCHAR, currency VARCHAR, cost ${DEC})`);
  if (proportional) await splitSharedCost(engine);
  // Revenue and directly allocated cost per day as well (`__mg_dated`): a reporting currency
  // converts each day with its own rate (src/analysis/fx). A ledger line's day is the one that
  // places it in its period (service period start, else issue date); a cost line's is its charge start.
  const revSql = `SELECT CASE WHEN sku = '' THEN ${literal(NO_SKU)} ELSE sku END AS sku, cust, ${periodKey(periodFormatSql(cfg.period, 'pstart'))} AS period, currency,
      CAST(pts AS DATE) AS day, sum(amount) AS rev, CAST(0 AS ${DEC}) AS cost, coalesce(sum(quantity) FILTER (WHERE kind <> 'credit'), 0) AS bq, 0 AS src
    FROM __rc_il WHERE kind NOT IN (${NOT_REVENUE.map(literal).join(', ')}) AND currency IS NOT NULL GROUP BY cust, sku, pstart, currency, CAST(pts AS DATE)`;
  const costSql = `SELECT CASE WHEN sku = '' THEN ${literal(UNALLOCATED)} ELSE sku END AS sku, CASE WHEN sku = '' THEN '' ELSE cust END AS cust, period, currency,
      day, CAST(0 AS ${DEC}), cost, CAST(0 AS ${DEC}), 1 FROM __mg_cost${proportional ? ` WHERE sku <> ''` : ''}`;
  const sharedSql = `SELECT sku, '', period, currency, CAST(0 AS ${DEC}), cost, CAST(0 AS ${DEC}), 2 FROM __mg_shared`;
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __mg_dated AS ${revSql} UNION ALL ${costSql}`);
  // Metered quantity attaches to one currency cell of its SKU × customer × period: revenue cells
  // first, then cost, then shared cost (the order the cells arise in).
  await engine.exec(`CREATE OR REPLACE TEMP TABLE __mg_cells AS
    WITH c AS (SELECT sku, cust, period, currency, sum(rev) AS rev, sum(cost) AS cost, sum(bq) AS bq, min(src) AS src
               FROM (SELECT * EXCLUDE (day) FROM __mg_dated UNION ALL ${sharedSql}) GROUP BY sku, cust, period, currency),
      m AS (SELECT sku, cust, ${periodKey('period')} AS period, sum(mq) AS mq FROM __rc_metered GROUP BY ALL)
    SELECT c.sku, c.cust, c.period, c.currency, c.rev, c.cost, c.bq,
      CASE WHEN row_number() OVER (PARTITION BY c.sku, c.cust, c.period ORDER BY c.src, c.currency) = 1 THEN coalesce(m.mq, 0) ELSE 0 END AS mq
    FROM c LEFT JOIN m ON m.sku = c.sku AND m.cust = c.cust AND m.period = c.period`);
}

/** Untagged cost split over the SKUs by their metered quantity in the period (largest remainder, in bigint). */
/**
 * The SKUs untagged cost of each period is split over, with their metered quantities (sorted by
 * SKU); a period with no metered SKU keeps its shared cost on the "(unallocated)" line.
 */
export async function sharedCostWeights(engine: Engine): Promise<(period: string) => { skus: string[]; weights: bigint[] } | null> {
  const metered = await engine.query(
    `SELECT period, sku, CAST(sum(mq) AS VARCHAR) AS mq FROM __rc_metered WHERE period IS NOT NULL AND sku <> '' GROUP BY ALL ORDER BY sku`,
  );
  return (period) => {
    const here = metered.filter((m) => m.period === period);
    if (here.length === 0) return null;
    const skus = here.map((m) => String(m.sku)).sort();
    const bySku = new Map(here.map((m) => [String(m.sku), d18(m.mq)]));
    return { skus, weights: skus.map((s) => bySku.get(s)!) };
  };
}

async function splitSharedCost(engine: Engine): Promise<void> {
  const shared = await engine.query(
    `SELECT currency, period, CAST(sum(cost) AS VARCHAR) AS cost FROM __mg_cost WHERE sku = '' GROUP BY currency, period`,
  );
  if (shared.length === 0) return;
  const weightsOf = await sharedCostWeights(engine);
  const out: [string, string, string, string][] = [];
  for (const r of shared) {
    const [currency, period, total] = [String(r.currency), String(r.period), d18(r.cost)];
    const w = weightsOf(period);
    if (!w) {
      out.push([UNALLOCATED, period, currency, formatDecimal(total, S)]);
      continue;
    }
    const parts = splitExact(total, w.weights);
    w.skus.forEach((s, i) => out.push([s, period, currency, formatDecimal(parts[i], S)]));
  }
  for (let i = 0; i < out.length; i += 500) {
    const chunk = out.slice(i, i + 500);
    await engine.query(`INSERT INTO __mg_shared VALUES ${chunk.map(() => '(?, ?, ?, CAST(? AS ' + DEC + '))').join(', ')}`, chunk.flat());
  }
}

/** The rollups of `__mg_cells`, summed in the engine (exact DECIMAL); ~ customers × SKUs rows. */
async function rollups(engine: Engine): Promise<Map<MarginLevel, Sums[]>> {
  const sums = `CAST(sum(rev) AS VARCHAR) AS rev, CAST(sum(cost) AS VARCHAR) AS cost, CAST(sum(bq) AS VARCHAR) AS bq, CAST(sum(mq) AS VARCHAR) AS mq`;
  const rows = await engine.query(
    `SELECT 'sku' AS level, sku, '' AS cust, '' AS period, currency, ${sums} FROM __mg_cells GROUP BY sku, currency
     UNION ALL SELECT 'customer', '', cust, '', currency, ${sums} FROM __mg_cells GROUP BY cust, currency
     UNION ALL SELECT 'sku_customer', sku, cust, '', currency, ${sums} FROM __mg_cells GROUP BY sku, cust, currency
     UNION ALL SELECT 'sku_period', sku, '', period, currency, ${sums} FROM __mg_cells GROUP BY sku, period, currency
     UNION ALL SELECT 'currency', '', '', '', currency, ${sums} FROM __mg_cells GROUP BY currency
     UNION ALL SELECT 'period', '', '', period, currency, ${sums} FROM __mg_cells GROUP BY period, currency`,
  );
  const levels: MarginLevel[] = ['sku', 'customer', 'sku_customer', 'sku_period', 'currency', 'period'];
  const out = new Map<MarginLevel, Sums[]>(levels.map((l) => [l, []]));
  for (const r of rows) {
    out.get(r.level as MarginLevel)!.push({
      sku: String(r.sku),
      cust: String(r.cust),
      period: String(r.period),
      currency: String(r.currency),
      rev: d18(r.rev),
      cost: d18(r.cost),
      bq: d18(r.bq),
      mq: d18(r.mq),
    });
  }
  return out;
}

function marginRows(groups: Sums[], level: MarginLevel): MarginRow[] {
  return groups
    .map((g) => {
      const exp = currencyExponent(g.currency);
      return marginRow(
        { level, sku: g.sku, customer_id: g.cust, period: g.period, currency: g.currency },
        { revenue: roundHalfAway(g.rev, S, exp), cost: roundHalfAway(g.cost, S, exp), bq: g.bq, mq: g.mq },
        { price: g.bq === 0n ? '' : tidy(ratio(g.rev, g.bq, 10)), cost: g.mq === 0n ? '' : tidy(ratio(g.cost, g.mq, 10)) },
      );
    })
    .sort((a, b) => cmp(a.sku, b.sku) || cmp(a.customer_id, b.customer_id) || cmp(a.period, b.period) || cmp(a.currency, b.currency));
}

/**
 * One margin row from its keys, revenue and cost already rounded once to the currency's minor
 * units, the quantities at scale S and the unit figures as computed by the caller (native or
 * converted margin).
 */
export function marginRow(
  keys: Pick<MarginRow, 'level' | 'sku' | 'customer_id' | 'period' | 'currency'>,
  minor: { revenue: bigint; cost: bigint; bq: bigint; mq: bigint },
  unit: { price: string; cost: string },
): MarginRow {
  const exp = currencyExponent(keys.currency);
  const margin = minor.revenue - minor.cost;
  return {
    ...keys,
    revenue: formatDecimal(minor.revenue, exp),
    cost: formatDecimal(minor.cost, exp),
    margin: formatDecimal(margin, exp),
    margin_pct: minor.revenue === 0n ? '' : ratio(margin * 100n, minor.revenue, 2),
    billed_quantity: tidy(formatDecimal(minor.bq, S)),
    metered_quantity: tidy(formatDecimal(minor.mq, S)),
    unit_price: unit.price,
    unit_cost: unit.cost,
    negative_margin: margin < 0n && keys.sku !== UNALLOCATED,
  };
}

export interface MarginReport {
  bySku: MarginRow[];
  byCustomer: MarginRow[];
  bySkuCustomer: MarginRow[];
  bySkuPeriod: MarginRow[];
  /** Totals per currency and per currency × period, rounded once from the exact sums. */
  byCurrency: MarginRow[];
  byPeriod: MarginRow[];
  /** SKU × currency rows whose margin is below zero. */
  negativeSkus: MarginRow[];
}

export interface MarginOptions {
  /** The cost allocation (cost-staging.ts) is already in the engine, computed where the cost lines live. */
  costStaged?: boolean;
}

export async function margin(engine: Engine, cfg: BillingConfig, opts: MarginOptions = {}): Promise<MarginReport> {
  await buildCells(engine, cfg, opts.costStaged === true);
  const groups = await rollups(engine);
  const bySku = marginRows(groups.get('sku')!, 'sku');
  return {
    bySku,
    byCustomer: marginRows(groups.get('customer')!, 'customer'),
    bySkuCustomer: marginRows(groups.get('sku_customer')!, 'sku_customer'),
    bySkuPeriod: marginRows(groups.get('sku_period')!, 'sku_period'),
    byCurrency: marginRows(groups.get('currency')!, 'currency'),
    byPeriod: marginRows(groups.get('period')!, 'period'),
    negativeSkus: bySku.filter((r) => r.negative_margin),
  };
}
