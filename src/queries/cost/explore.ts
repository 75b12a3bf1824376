/**
 * The cost explorer's two questions over one scope (day span, filters, amortized or actual):
 * cost per time bucket by a grouping (the stacked chart) and cost per one or two groupings in
 * this period against the previous one (the table). Sums are exact DECIMAL(38,18) per currency.
 */
import type { SqlValue } from '../../engine/engine';
import { ident } from '../../engine/sql';
import { allOf, cond, type Condition } from '../condition';
import { defineQuery, type Query } from '../query';
import { exactPercentSql } from '../exact-quotient';
import { dimensionJoins, filterConditions, noValueLabel, type Dimension, type DimensionFilter, type Rollup } from './dimensions';
import type { DaySpan, Granularity } from './time-range';

/** Amortized cost is FOCUS EffectiveCost (commitments spread), actual cost is BilledCost (as invoiced). */
export type CostMetric = 'amortized' | 'actual';

export function metricColumn(m: CostMetric): string {
  return m === 'amortized' ? 'EffectiveCost' : 'BilledCost';
}

export interface ExploreScope {
  span: DaySpan;
  metric: CostMetric;
  filters: readonly DimensionFilter[];
  /** Read this daily rollup (holding every dimension asked for) instead of the cost lines: the same answers, faster. */
  rollup?: Rollup;
}

function inSpan(span: DaySpan): Condition {
  return cond('c.ChargePeriodStart >= CAST(? AS TIMESTAMP) AND c.ChargePeriodStart < CAST(? AS TIMESTAMP)', span.from, span.to);
}

/** Number of series the chart stacks; smaller groups are folded into one '(other)' series. */
export const CHART_GROUPS = 8;
export const OTHER_GROUP = '(other)';

export interface CostOverTimeParams extends ExploreScope {
  granularity: Granularity;
  currency: string;
  /** null: one series (the total). */
  groupBy: Dimension | null;
  /**
   * The view's table (src/queries/cost/view-table.ts) of costByGroup over the same scope, grouped
   * first by `groupBy`: the groups are ranked from its few rows and only the top ones are told
   * apart in the scan, instead of summing every bucket of every group (5,000 resources) first.
   */
  ranksFrom?: string;
}

export type CostOverTimeRow = {
  /** Bucket start day 'YYYY-MM-DD' (weeks start on Monday). */
  bucket: string;
  /** Group value; null for lines without one; OTHER_GROUP for the folded rest (see is_other). */
  grp: string | null;
  is_other: boolean;
  /** Rank of the group by cost over the span (1 = largest), the stacking order. */
  rank: number;
  cost: string;
  currency: string;
};

export function costOverTime(p: CostOverTimeParams): Query<CostOverTimeRow> {
  if (p.ranksFrom && p.groupBy) return costOverTimeRanked(p, p.ranksFrom, p.groupBy);
  const j = dimensionJoins([...(p.groupBy ? [p.groupBy] : []), ...p.filters.map((f) => f.dimension)], p.rollup);
  const where = allOf(inSpan(p.span), cond('c.BillingCurrency = ?', p.currency), filterConditions(p.filters, j.expr));
  const g = p.groupBy ? j.expr(p.groupBy) : 'CAST(NULL AS VARCHAR)';
  const m = `c.${ident(metricColumn(p.metric))}`;
  return defineQuery(
    'cost/over-time',
    // Aggregate once per bucket × group (few rows), then rank and fold those: 1M lines are scanned once.
    `WITH agg AS (
       SELECT date_trunc(?, c.ChargePeriodStart) AS b, ${g} AS grp, sum(${m}) AS cost
       FROM ${j.from.sql} WHERE ${where.sql} GROUP BY ALL),
     ranked AS (
       SELECT grp, row_number() OVER (ORDER BY sum(cost) DESC, grp NULLS LAST) AS rank FROM agg GROUP BY grp)
     SELECT strftime(a.b, '%Y-%m-%d') AS bucket, CASE WHEN r.rank <= ? THEN a.grp ELSE ? END AS grp, r.rank > ? AS is_other,
            CAST(least(r.rank, ? + 1) AS INTEGER) AS rank, sum(a.cost) AS cost, CAST(? AS VARCHAR) AS currency
     FROM agg a JOIN ranked r ON r.grp IS NOT DISTINCT FROM a.grp
     GROUP BY ALL ORDER BY bucket, rank`,
    [p.granularity, ...j.from.params, ...where.params, CHART_GROUPS, OTHER_GROUP, CHART_GROUPS, CHART_GROUPS, p.currency],
  );
}

/**
 * costOverTime with the ranking from the view's table: a group's cost over the span is its
 * table rows' cost summed over the second grouping (the same exact sums), and the groups with
 * lines in the span are those with lines > 0, so the ranks, and the folded '(other)', are the same.
 */
function costOverTimeRanked(p: CostOverTimeParams, table: string, groupBy: Dimension): Query<CostOverTimeRow> {
  const j = dimensionJoins([groupBy, ...p.filters.map((f) => f.dimension)], p.rollup);
  const where = allOf(inSpan(p.span), cond('c.BillingCurrency = ?', p.currency), filterConditions(p.filters, j.expr));
  const m = `c.${ident(metricColumn(p.metric))}`;
  return defineQuery(
    'cost/over-time',
    `WITH top AS (
       SELECT group1 AS grp, row_number() OVER (ORDER BY sum(cost) DESC, group1 NULLS LAST) AS rank
       FROM ${ident(table)} WHERE currency = ? AND lines > 0 GROUP BY group1 ORDER BY rank LIMIT ?),
     agg AS (
       SELECT date_trunc(?, c.ChargePeriodStart) AS b, t.grp, t.rank, sum(${m}) AS cost
       FROM ${j.from.sql} LEFT JOIN top t ON t.grp IS NOT DISTINCT FROM ${j.expr(groupBy)} WHERE ${where.sql} GROUP BY ALL)
     SELECT strftime(b, '%Y-%m-%d') AS bucket, CASE WHEN rank IS NULL THEN ? ELSE grp END AS grp, rank IS NULL AS is_other,
            CAST(coalesce(rank, ? + 1) AS INTEGER) AS rank, sum(cost) AS cost, CAST(? AS VARCHAR) AS currency
     FROM agg GROUP BY ALL ORDER BY bucket, rank`,
    [p.currency, CHART_GROUPS, p.granularity, ...j.from.params, ...where.params, OTHER_GROUP, CHART_GROUPS, p.currency],
  );
}

export interface CostByGroupParams extends ExploreScope {
  /** The period compared with (previous month, quarter or same number of days). */
  previous: DaySpan;
  /** First and optional second level of grouping; none gives one row per currency. */
  groupBy: readonly Dimension[];
  /**
   * Shared cost split (src/queries/cost/shared-split.ts) over the allocation tag's grouping: its
   * untagged rows are replaced by these parts, each recipient's share shown in split_cost.
   */
  split?: readonly SplitPart[];
  /** Which grouping is the allocation tag the split parts go to (default the first; the second splits each first-level group). */
  splitLevel?: 1 | 2;
}

export type CostByGroupRow = {
  group1: string | null;
  group2: string | null;
  /** The group values as shown: '(untagged)' or '(none)' for lines without one. */
  group1_label: string | null;
  group2_label: string | null;
  currency: string;
  cost: string;
  previous_cost: string;
  delta: string;
  /** Change against the previous period in percent at 2 decimals (exact, half away from zero); null without a previous cost. */
  delta_pct: string | null;
  lines: number;
  /** This period's share of the shared cost (split rows only; '0' for the rest). */
  split_cost?: string;
};

const label = (d: Dimension | undefined) => (d ? noValueLabel(d) : null);

export function costByGroup(p: CostByGroupParams): Query<CostByGroupRow> {
  const [d1, d2] = p.groupBy;
  const j = dimensionJoins([...p.groupBy, ...p.filters.map((f) => f.dimension)], p.rollup);
  const now = inSpan(p.span);
  const before = inSpan(p.previous);
  const where = allOf(cond(`(${now.sql}) OR (${before.sql})`, ...now.params, ...before.params), filterConditions(p.filters, j.expr));
  const m = `c.${ident(metricColumn(p.metric))}`;
  const g1 = d1 ? j.expr(d1) : 'CAST(NULL AS VARCHAR)';
  const g2 = d2 ? j.expr(d2) : 'CAST(NULL AS VARCHAR)';
  return defineQuery(
    'cost/by-group',
    // One pass over the lines, grouped with their two period flags; the pivot runs on those few rows.
    `WITH agg AS (
       SELECT ${g1} AS group1, ${g2} AS group2, c.BillingCurrency AS currency, ${now.sql} AS in_now, ${before.sql} AS in_before,
              sum(${m}) AS amount, ${j.lines} AS n
       FROM ${j.from.sql} WHERE ${where.sql} GROUP BY ALL),
     sums AS (
       SELECT group1, group2, currency, coalesce(sum(amount) FILTER (WHERE in_now), 0) AS cost,
              coalesce(sum(amount) FILTER (WHERE in_before), 0) AS previous_cost, CAST(coalesce(sum(n) FILTER (WHERE in_now), 0) AS BIGINT) AS lines
       FROM agg GROUP BY ALL)${p.split ? `, ${splitRowsSql(p.split, p.splitLevel === 2 ? 'group2' : 'group1')}` : ''}
     SELECT group1, group2, coalesce(group1, ?) AS group1_label, coalesce(group2, ?) AS group2_label, currency, cost, previous_cost, cost - previous_cost AS delta,
            ${exactPercentSql('cost - previous_cost', 'previous_cost')} AS delta_pct, lines${p.split ? ', split_cost' : ''}
     FROM ${p.split ? 'merged' : 'sums'}`,
    [...now.params, ...before.params, ...j.from.params, ...where.params, ...splitParams(p.split ?? [], p.splitLevel ?? 1), label(d1), label(d2)],
  );
}

/** A share of shared cost for the table: `amount` a decimal string; `value` (the recipient) null = left unsplit. */
export interface SplitPart {
  period: 'now' | 'before';
  /** The other grouping's value (table) or the bucket (chart). */
  part: string | null;
  value: string | null;
  currency: string;
  amount: string;
  lines: number;
}

const PART_COLUMNS = 'group1, group2, currency, period, amount, n';

/** The untagged rows of `sums` (no `tagCol`) replaced by the split parts (and what stayed unsplit), merged per group: CTEs `parts` and `merged`. */
function splitRowsSql(parts: readonly SplitPart[], tagCol: 'group1' | 'group2'): string {
  const values =
    parts.length === 0
      ? `SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::DECIMAL(38,18), 0::BIGINT WHERE FALSE`
      : `VALUES ${parts.map(() => '(?, ?, ?, ?, CAST(? AS DECIMAL(38,18)), CAST(? AS BIGINT))').join(', ')}`;
  return `parts(${PART_COLUMNS}) AS (${values}),
     merged AS (
       SELECT group1, group2, currency, sum(cost) AS cost, sum(previous_cost) AS previous_cost, sum(split_cost) AS split_cost, CAST(sum(lines) AS BIGINT) AS lines
       FROM (SELECT group1, group2, currency, cost, previous_cost, CAST(0 AS DECIMAL(38,18)) AS split_cost, lines FROM sums WHERE ${tagCol} IS NOT NULL
             UNION ALL
             SELECT group1, group2, currency, coalesce(sum(amount) FILTER (WHERE period = 'now'), 0), coalesce(sum(amount) FILTER (WHERE period = 'before'), 0),
                    CASE WHEN ${tagCol} IS NULL THEN 0 ELSE coalesce(sum(amount) FILTER (WHERE period = 'now'), 0) END, coalesce(sum(n) FILTER (WHERE period = 'now'), 0)
             FROM parts GROUP BY group1, group2, currency)
       GROUP BY group1, group2, currency)`;
}

function splitParams(parts: readonly SplitPart[], level: 1 | 2): SqlValue[] {
  return parts.flatMap((x) => [...(level === 1 ? [x.value, x.part] : [x.part, x.value]), x.currency, x.period, x.amount, x.lines]);
}

export type DataDaysRow = { first: string | null; last: string | null };

/** First and last charge day with cost lines (anchors rolling and year-to-date ranges). */
export function costDataDays(): Query<DataDaysRow> {
  return defineQuery(
    'cost/data-days',
    `SELECT strftime(min(ChargePeriodStart), '%Y-%m-%d') AS first, strftime(max(ChargePeriodStart), '%Y-%m-%d') AS last FROM cost_lines`,
  );
}
