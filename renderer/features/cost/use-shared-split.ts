/**
 * The explorer's shared cost split (src/queries/cost/shared-split.ts) when a grouping is a tag key
 * and a rule is picked: the table's split parts (this and the previous period) and, when the tag
 * is the first grouping, the chart's per-bucket shares as extra, hatched series beside each
 * group's direct cost. As the second grouping (service, then customer) the split happens inside
 * each first-level group, whose bars it leaves as they are.
 */
import { useMemo } from 'react';
import type { Engine } from '../../../src/engine/engine';
import type { BillingConfig } from '../../../src/model/mappings';
import type { ChartSeries } from '../../components/charts/Chart';
import { useNamedQuery } from '../../lib/use-query';
import { CHART_GROUPS, OTHER_GROUP, type CostOverTimeRow, type ExploreScope, type SplitPart } from '../../../src/queries/cost/explore';
import type { Dimension } from '../../../src/queries/cost/dimensions';
import {
  sharedCost,
  splitShared,
  splitWeights,
  spreadOverBuckets,
  SPLIT_SUFFIX,
  type SplitKey,
  type SplitRule,
  type SplitScope,
} from '../../../src/queries/cost/shared-split';
import type { DaySpan, Granularity } from '../../../src/queries/cost/time-range';
import { formatDecimal, parseDecimal } from '../../../src/model/money';

const S = 18;

/** The usage/ledger column a tag key's values name, from the configured cost tag keys; null when neither. */
export function splitKeyOf(tag: string, cfg: BillingConfig): SplitKey | null {
  return cfg.costTags.customer.includes(tag) ? 'customer_id' : cfg.costTags.sku.includes(tag) ? 'sku' : null;
}

/** Rules offered for a tag: usage and revenue only when its values name customers or SKUs. */
export function splitRulesFor(key: SplitKey | null): SplitRule[] {
  return key ? ['unallocated', 'usage', 'revenue', 'cost', 'even'] : ['unallocated', 'cost', 'even'];
}

/** The grouping the split goes to: the first tag key among the two levels (1 or 2), or null. */
export function splitLevelOf(groupBy: readonly Dimension[]): { tag: Extract<Dimension, { kind: 'tag' }>; level: 1 | 2 } | null {
  const i = groupBy.slice(0, 2).findIndex((d) => d.kind === 'tag');
  return i < 0 ? null : { tag: groupBy[i] as Extract<Dimension, { kind: 'tag' }>, level: i === 0 ? 1 : 2 };
}

export interface SharedSplit {
  /** Parts for the table's query (null: no split, or still coming). */
  table: SplitPart[] | null;
  /** Which grouping of the table the parts go to. */
  level: 1 | 2;
  chart: SplitPart[] | null;
  loading: boolean;
}

export function useSharedSplit(
  engine: Engine | null,
  version: number,
  scope: (ExploreScope & { previous: DaySpan }) | null,
  groupBy: Dimension[],
  rule: SplitRule,
  cfg: BillingConfig,
  granularity: Granularity,
  currency: string,
): SharedSplit {
  const at = splitLevelOf(groupBy);
  const tag = at?.tag ?? null;
  const level = at?.level ?? 1;
  // The other grouping: within each of its values the untagged cost is split over the tag's values.
  const other = groupBy[level === 1 ? 1 : 0] ?? null;
  const key = tag ? splitKeyOf(tag.key, cfg) : null;
  const active = scope && tag && rule !== 'unallocated' && splitRulesFor(key).includes(rule);
  const s: SplitScope | null = active ? { ...scope, tag, rule, key } : null;
  const weights = useNamedQuery(engine, s ? splitWeights(s) : null, version);
  const table = useNamedQuery(engine, s ? sharedCost(s, { group2: other }) : null, version);
  // The chart spreads the table's parts over its buckets: one rounding, so bars and table agree.
  // It stacks by the first grouping: a split inside each first-level group leaves its bars as they are.
  const chart = useNamedQuery(engine, s && level === 1 ? sharedCost(s, { group2: other, granularity }) : null, version);
  const chartReady = level === 2 || (!!chart.rows && !chart.loading);
  const ready = !!s && !!weights.rows && !!table.rows && chartReady && !weights.loading && !table.loading;
  return useMemo(() => {
    const parts = ready ? splitShared(table.rows!, weights.rows!) : null;
    const chartParts = parts && level === 1 ? spreadOverBuckets(parts, chart.rows!, currency) : null;
    return { table: parts, level, chart: chartParts, loading: !!s && !ready };
  }, [ready, table.rows, chart.rows, weights.rows, currency, s !== null, level]); // eslint-disable-line react-hooks/exhaustive-deps
}

/**
 * The chart's split series: each chart group's share per bucket (groups beyond the chart's
 * CHART_GROUPS folded into '(other)'), named "<group> · split from shared", hatched, coloured as
 * their group; what could not be split stays on the '(untagged)' series.
 */
export function splitSeries(parts: SplitPart[], rows: CostOverTimeRow[], buckets: string[], kind: 'bar' | 'area', untagged: string): ChartSeries[] {
  const rankOf = new Map(rows.filter((r) => !r.is_other && r.grp !== null).map((r) => [r.grp!, r.rank]));
  const at = new Map(buckets.map((b, i) => [b, i]));
  const sums = new Map<number, { name: string; values: (bigint | null)[] }>();
  for (const p of parts) {
    const i = at.get(p.part ?? '');
    if (i === undefined) continue;
    const rank = p.value === null ? 0 : Math.min(rankOf.get(p.value) ?? CHART_GROUPS + 1, CHART_GROUPS + 1);
    const name = p.value === null ? untagged : rank > CHART_GROUPS ? `${OTHER_GROUP}${SPLIT_SUFFIX}` : `${p.value}${SPLIT_SUFFIX}`;
    const e = sums.get(rank) ?? { name, values: buckets.map(() => null) };
    e.values[i] = (e.values[i] ?? 0n) + parseDecimal(p.amount, S);
    sums.set(rank, e);
  }
  return [...sums.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([rank, e]) => ({
      name: e.name,
      kind,
      hatched: rank !== 0,
      colorIndex: rank === 0 ? undefined : Math.min(rank, CHART_GROUPS) - 1,
      values: e.values.map((v) => (v === null ? null : formatDecimal(v, S))),
    }));
}
