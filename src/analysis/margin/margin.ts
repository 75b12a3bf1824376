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
import { roundHalfAway, S } from '../reconcile/pricing';
import { tidy } from '../reconcile/reconcile';

export const UNALLOCATED = '(unallocated)';
export const NO_SKU = '(no sku)';

export type MarginLevel = 'sku' | 'customer' | 'sku_customer' | 'sku_period';

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
const NOT_REVENUE = ['tax', 'invoice_total', 'payment', 'refund'];

type Cell = { sku: string; cust: string; period: string; currency: string; rev: bigint; cost: bigint; bq: bigint; mq: bigint };

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

async function loadCells(engine: Engine, cfg: BillingConfig): Promise<Cell[]> {
  const keyList = (keys: string[]) => `[${keys.map(literal).join(', ')}]`;
  const [skuKeys, custKeys] = [keyList(cfg.costTags.sku), keyList(cfg.costTags.customer)];
  // One pass over cost_tags: the first configured key present wins, for SKU and customer alike.
  const tags = `SELECT line_id,
      arg_min(value, list_position(${skuKeys}, key)) FILTER (WHERE list_contains(${skuKeys}, key)) AS sku,
      arg_min(value, list_position(${custKeys}, key)) FILTER (WHERE list_contains(${custKeys}, key)) AS cust
    FROM cost_tags WHERE (list_contains(${skuKeys}, key) OR list_contains(${custKeys}, key)) AND value IS NOT NULL AND value <> '' GROUP BY line_id`;
  const costSql = `SELECT sku, cust, ${periodFormatSql(cfg.period, 'p')} AS period, currency, CAST(cost AS VARCHAR) AS cost FROM (
    SELECT coalesce(a.sku, t.sku, '') AS sku, coalesce(t.cust, '') AS cust, ${periodStartSql(cfg.period, 'c.p')} AS p,
      c.currency, sum(c.cost) AS cost
    FROM (SELECT x_line_id, "ChargePeriodStart" AS p, "BillingCurrency" AS currency, coalesce("EffectiveCost", "BilledCost", 0) AS cost
          FROM cost_lines WHERE "BillingCurrency" IS NOT NULL) c
    LEFT JOIN (${tags}) t ON t.line_id = c.x_line_id
    LEFT JOIN __rc_alias a ON a.name = t.sku
    GROUP BY ALL)`;
  const revSql = `SELECT sku, cust, ${periodFormatSql(cfg.period, 'pstart')} AS period, currency, CAST(rev AS VARCHAR) AS rev, CAST(bq AS VARCHAR) AS bq FROM (
      SELECT sku, cust, pstart, currency, sum(amount) AS rev, sum(quantity) FILTER (WHERE kind <> 'credit') AS bq FROM __rc_il
      WHERE kind NOT IN (${NOT_REVENUE.map(literal).join(', ')}) AND currency IS NOT NULL GROUP BY ALL)`;
  const meteredSql = `SELECT sku, cust, period, CAST(mq AS VARCHAR) AS mq FROM __rc_metered`;
  const cells = new Map<string, Cell>();
  const cell = (sku: string, cust: string, period: string, currency: string) => {
    const k = `${sku}\u0000${cust}\u0000${period}\u0000${currency}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { sku, cust, period, currency, rev: 0n, cost: 0n, bq: 0n, mq: 0n }));
    return c;
  };
  for (const r of await engine.query(revSql)) {
    const c = cell(String(r.sku) || NO_SKU, String(r.cust), String(r.period), String(r.currency));
    c.rev += d18(r.rev);
    c.bq += d18(r.bq);
  }
  const costRows = await engine.query(costSql);
  const metered = await engine.query(meteredSql);
  const shared = new Map<string, bigint>(); // currency|period -> untagged cost
  for (const r of costRows) {
    const sku = String(r.sku);
    if (sku === '' && cfg.sharedCost === 'proportional') {
      const k = `${r.currency}\u0000${r.period}`;
      shared.set(k, (shared.get(k) ?? 0n) + d18(r.cost));
      continue;
    }
    cell(sku || UNALLOCATED, sku ? String(r.cust) : '', String(r.period), String(r.currency)).cost += d18(r.cost);
  }
  for (const [k, total] of shared) {
    const [currency, period] = k.split('\u0000');
    const bySku = new Map<string, bigint>();
    for (const m of metered) if (m.period === period) bySku.set(String(m.sku), (bySku.get(String(m.sku)) ?? 0n) + d18(m.mq));
    const skus = [...bySku.keys()].filter((s) => s !== '').sort();
    if (skus.length === 0) {
      cell(UNALLOCATED, '', period, currency).cost += total;
      continue;
    }
    const parts = splitExact(total, skus.map((s) => bySku.get(s)!));
    skus.forEach((s, i) => (cell(s, '', period, currency).cost += parts[i]));
  }
  // Metered quantities attach to the currency cells that already exist for the SKU × customer × period.
  const byKey = new Map<string, Cell[]>();
  for (const c of cells.values()) {
    const k = `${c.sku}\u0000${c.cust}\u0000${c.period}`;
    byKey.set(k, [...(byKey.get(k) ?? []), c]);
  }
  for (const m of metered) {
    const list = byKey.get(`${m.sku}\u0000${m.cust}\u0000${m.period}`);
    if (list?.length) list[0].mq += d18(m.mq);
  }
  return [...cells.values()];
}

function rollup(cells: Cell[], level: MarginLevel): MarginRow[] {
  const groups = new Map<string, Cell>();
  for (const c of cells) {
    const sku = level === 'customer' ? '' : c.sku;
    const cust = level === 'customer' || level === 'sku_customer' ? c.cust : '';
    const period = level === 'sku_period' ? c.period : '';
    const k = `${sku}\u0000${cust}\u0000${period}\u0000${c.currency}`;
    const g = groups.get(k) ?? { sku, cust, period, currency: c.currency, rev: 0n, cost: 0n, bq: 0n, mq: 0n };
    g.rev += c.rev;
    g.cost += c.cost;
    g.bq += c.bq;
    g.mq += c.mq;
    groups.set(k, g);
  }
  return [...groups.values()]
    .map((g) => {
      const exp = currencyExponent(g.currency);
      const rev = roundHalfAway(g.rev, S, exp);
      const cost = roundHalfAway(g.cost, S, exp);
      const margin = rev - cost;
      return {
        level,
        sku: g.sku,
        customer_id: g.cust,
        period: g.period,
        currency: g.currency,
        revenue: formatDecimal(rev, exp),
        cost: formatDecimal(cost, exp),
        margin: formatDecimal(margin, exp),
        margin_pct: rev === 0n ? '' : ratio(margin * 100n, rev, 2),
        billed_quantity: tidy(formatDecimal(g.bq, S)),
        metered_quantity: tidy(formatDecimal(g.mq, S)),
        unit_price: g.bq === 0n ? '' : tidy(ratio(g.rev, g.bq, 10)),
        unit_cost: g.mq === 0n ? '' : tidy(ratio(g.cost, g.mq, 10)),
        negative_margin: margin < 0n && g.sku !== UNALLOCATED,
      };
    })
    .sort((a, b) => cmp(a.sku, b.sku) || cmp(a.customer_id, b.customer_id) || cmp(a.period, b.period) || cmp(a.currency, b.currency));
}

export interface MarginReport {
  bySku: MarginRow[];
  byCustomer: MarginRow[];
  bySkuCustomer: MarginRow[];
  bySkuPeriod: MarginRow[];
  /** SKU × currency rows whose margin is below zero. */
  negativeSkus: MarginRow[];
}

export async function margin(engine: Engine, cfg: BillingConfig): Promise<MarginReport> {
  const cells = await loadCells(engine, cfg);
  const bySku = rollup(cells, 'sku');
  return {
    bySku,
    byCustomer: rollup(cells, 'customer'),
    bySkuCustomer: rollup(cells, 'sku_customer'),
    bySkuPeriod: rollup(cells, 'sku_period'),
    negativeSkus: bySku.filter((r) => r.negative_margin),
  };
}
