/**
 * Shared cost split: cost lines lacking the allocation tag (networking, support, any untagged
 * line) are split over that tag's values by a rule the analyst picks. The recipients are the tag
 * values with cost lines in the view (range, filters, currency); their weights come from the rule.
 * Each figure's shared cost is rounded once to the currency's minor units and split by largest
 * remainder in BigInt, so the parts add up exactly to the whole; a period or currency where every
 * weight is zero keeps its shared cost unsplit (the "(untagged)" row).
 */
import { ident, literal } from '../../engine/sql';
import { NOT_REVENUE, splitExact } from '../../analysis/margin/margin';
import { S } from '../../analysis/reconcile/pricing';
import { formatMinor, parseDecimal, toMinorUnits } from '../../model/money';
import { allOf, cond, type Condition } from '../condition';
import { defineQuery, type Query } from '../query';
import { dimensionJoins, filterConditions, type Dimension } from './dimensions';
import { metricColumn, type ExploreScope, type SplitPart } from './explore';
import type { DaySpan, Granularity } from './time-range';

/** 'unallocated' keeps shared cost on its own row; the others split it. */
export type SplitRule = 'unallocated' | 'usage' | 'revenue' | 'cost' | 'even';

export const SPLIT_RULE_LABELS: Record<SplitRule, string> = {
  unallocated: 'Unallocated',
  usage: 'By usage',
  revenue: 'By revenue',
  cost: 'By direct cost',
  even: 'Evenly',
};

/** What a split part is called in the chart legend and the table. */
export const SPLIT_SUFFIX = ' · split from shared';

/** Which billing key the allocation tag's values name (usage and revenue weights need one). */
export type SplitKey = 'customer_id' | 'sku';

export interface SplitScope extends ExploreScope {
  previous: DaySpan;
  /** The allocation tag: lines without it are the shared cost. */
  tag: Extract<Dimension, { kind: 'tag' }>;
  rule: Exclude<SplitRule, 'unallocated'>;
  /** For usage and revenue: the usage/ledger column the tag values are matched to. */
  key: SplitKey | null;
}

const spanCond = (span: DaySpan, col = 'c.ChargePeriodStart') =>
  cond(`${col} >= CAST(? AS TIMESTAMP) AND ${col} < CAST(? AS TIMESTAMP)`, span.from, span.to);

function scoped(p: SplitScope, extra: Dimension[]) {
  const j = dimensionJoins([p.tag, ...extra, ...p.filters.map((f) => f.dimension)], p.rollup);
  const now = spanCond(p.span);
  const before = spanCond(p.previous);
  const where = allOf(cond(`(${now.sql}) OR (${before.sql})`, ...now.params, ...before.params), filterConditions(p.filters, j.expr));
  const period = cond(`CASE WHEN ${now.sql} THEN 'now' ELSE 'before' END`, ...now.params);
  return { j, where, period, m: `c.${ident(metricColumn(p.metric))}` };
}

export type SharedCostRow = {
  period: 'now' | 'before';
  part: string | null;
  /** The chart bucket ('YYYY-MM-DD') when asked by second grouping and granularity together; else null. */
  bucket: string | null;
  currency: string;
  cost: string;
  lines: number;
};

/**
 * Shared (untagged) cost per period and currency, by `by`: the table's second grouping (part), the
 * chart's bucket (part, its granularity), or both (part and bucket: what the chart spreads the
 * table's rounded parts over).
 */
export function sharedCost(
  p: SplitScope,
  by: { group2: Dimension | null; granularity?: Granularity } | { granularity: Granularity },
): Query<SharedCostRow> {
  const g2 = 'group2' in by ? by.group2 : null;
  const s = scoped(p, g2 ? [g2] : []);
  const bucket: Condition = by.granularity
    ? cond(`strftime(date_trunc(?, c.ChargePeriodStart), '%Y-%m-%d')`, by.granularity)
    : cond('CAST(NULL AS VARCHAR)');
  const group2: Condition = cond(g2 ? s.j.expr(g2) : 'CAST(NULL AS VARCHAR)');
  const [part, rest] = 'group2' in by ? [group2, bucket] : [bucket, cond('CAST(NULL AS VARCHAR)')];
  return defineQuery(
    'cost/shared',
    `SELECT ${s.period.sql} AS period, ${part.sql} AS part, ${rest.sql} AS bucket, c.BillingCurrency AS currency, sum(${s.m}) AS cost, CAST(${s.j.lines} AS BIGINT) AS lines
     FROM ${s.j.from.sql} WHERE (${s.where.sql}) AND ${s.j.expr(p.tag)} IS NULL GROUP BY ALL ORDER BY period, part, bucket, currency`,
    [...s.period.params, ...part.params, ...rest.params, ...s.j.from.params, ...s.where.params],
  );
}

export type SplitWeightRow = { period: 'now' | 'before'; value: string; currency: string; weight: string };

/** The recipients (tag values with cost lines in the view) per period and currency, each with its weight under the rule. */
export function splitWeights(p: SplitScope): Query<SplitWeightRow> {
  const s = scoped(p, []);
  const recipients = `SELECT ${s.period.sql} AS period, ${s.j.expr(p.tag)} AS value, c.BillingCurrency AS currency, sum(${s.m}) AS direct
     FROM ${s.j.from.sql} WHERE (${s.where.sql}) AND ${s.j.expr(p.tag)} IS NOT NULL GROUP BY ALL`;
  const params = [...s.period.params, ...s.j.from.params, ...s.where.params];
  const now = spanCond(p.span, 'x.t');
  const before = spanCond(p.previous, 'x.t');
  const periodOf = `CASE WHEN ${now.sql} THEN 'now' WHEN ${before.sql} THEN 'before' END`;
  const periodParams = [...now.params, ...before.params];
  const key = p.key ? ident(p.key) : null;
  let weight: string;
  let source = '';
  if (p.rule === 'even') weight = '1';
  else if (p.rule === 'cost') weight = 'greatest(r.direct, 0)';
  else {
    if (!key) throw new Error(`cost explorer: splitting ${p.rule === 'usage' ? 'by usage' : 'by revenue'} needs the tag to name customers or SKUs`);
    weight = 'coalesce(w.amount, 0)';
    // Usage: metered quantity, each event once. Revenue: billed amounts in the shared cost's currency (never across currencies).
    source =
      p.rule === 'usage'
        ? `LEFT JOIN (SELECT ${periodOf} AS period, x.k, NULL AS currency, greatest(sum(x.q), 0) AS amount
             FROM (SELECT any_value(${key}) AS k, any_value(ts) AS t, any_value(quantity) AS q FROM usage_events GROUP BY event_id, source) x
             WHERE x.k IS NOT NULL GROUP BY ALL) w ON w.period = r.period AND w.k = r.value`
        : `LEFT JOIN (SELECT ${periodOf} AS period, x.k, x.currency, greatest(sum(x.amount), 0) AS amount
             FROM (SELECT ${key} AS k, coalesce(period_start, issued_at) AS t, currency, amount FROM invoice_lines
                   WHERE kind NOT IN (${NOT_REVENUE.map(literal).join(', ')})) x
             WHERE x.k IS NOT NULL GROUP BY ALL) w ON w.period = r.period AND w.k = r.value AND w.currency = r.currency`;
  }
  return defineQuery(
    'cost/split-weights',
    `WITH r AS (${recipients}) SELECT r.period, r.value, r.currency, CAST(${weight} AS VARCHAR) AS weight FROM r ${source}
     ORDER BY r.period, r.currency, r.value`,
    source ? [...params, ...periodParams] : params,
  );
}

/**
 * Splits each shared row over the recipients of its period and currency: rounded once to minor
 * units, then by largest remainder (parts sum to the rounded whole exactly). Without any weight
 * the row stays whole, exact as summed, with value null.
 */
export function splitShared(shared: SharedCostRow[], weights: SplitWeightRow[]): SplitPart[] {
  const byScope = new Map<string, { values: string[]; weights: bigint[] }>();
  for (const w of weights) {
    const k = `${w.period}\u0000${w.currency}`;
    const e = byScope.get(k) ?? { values: [], weights: [] };
    e.values.push(w.value);
    e.weights.push(parseDecimal(w.weight, S, 'half-away'));
    byScope.set(k, e);
  }
  const out: SplitPart[] = [];
  for (const r of shared) {
    const w = byScope.get(`${r.period}\u0000${r.currency}`);
    if (!w || w.weights.every((x) => x === 0n)) {
      out.push({ period: r.period, part: r.part, value: null, currency: r.currency, amount: r.cost, lines: r.lines });
      continue;
    }
    const whole = toMinorUnits(r.cost, r.currency);
    splitExact(whole, w.weights).forEach((minor, i) => {
      if (w.weights[i] !== 0n)
        out.push({ period: r.period, part: r.part, value: w.values[i], currency: r.currency, amount: formatMinor(minor, r.currency), lines: 0 });
    });
  }
  return out;
}

/**
 * The chart's parts for `currency`: each of this period's table parts (a recipient's share of one
 * second-grouping value, rounded once there) spread over the buckets in proportion to the shared
 * cost each holds, so a recipient's split bars add up to its table figure to the minor unit. What
 * stayed unsplit keeps each bucket's exact shared cost. `buckets`: sharedCost by group2 and granularity.
 */
export function spreadOverBuckets(tableParts: SplitPart[], buckets: SharedCostRow[], currency: string): SplitPart[] {
  const byPart = new Map<string | null, SharedCostRow[]>();
  for (const b of buckets) if (b.period === 'now' && b.currency === currency) byPart.set(b.part, [...(byPart.get(b.part) ?? []), b]);
  const out: SplitPart[] = [];
  for (const t of tableParts) {
    if (t.period !== 'now' || t.currency !== currency) continue;
    const bs = byPart.get(t.part) ?? [];
    if (t.value === null) {
      for (const b of bs) out.push({ period: 'now', part: b.bucket, value: null, currency, amount: b.cost, lines: b.lines });
      continue;
    }
    const minor = cumulativeSplit(
      toMinorUnits(t.amount, currency),
      bs.map((b) => parseDecimal(b.cost, S)),
    );
    bs.forEach((b, i) => out.push({ period: 'now', part: b.bucket, value: t.value, currency, amount: formatMinor(minor[i], currency), lines: 0 }));
  }
  return out;
}

/**
 * `total` split in proportion to `weights` (any sign, non-zero sum): part i is the rounded running
 * share up to i less the rounded running share before it, so the parts add up to `total` exactly.
 */
export function cumulativeSplit(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  let running = 0n;
  let before = 0n;
  return weights.map((w) => {
    running += w;
    const upTo = roundHalfAway(total * running, sum);
    const part = upTo - before;
    before = upTo;
    return part;
  });
}

/** num / den rounded half away from zero. */
function roundHalfAway(num: bigint, den: bigint): bigint {
  const [n, d] = den < 0n ? [-num, -den] : [num, den];
  const q = n / d;
  const r = n % d;
  return 2n * (r < 0n ? -r : r) >= d ? q + (n < 0n ? -1n : 1n) : q;
}
