/** What the cost explorer shows besides the shared range: groupings, filters, cost metric, chart style. */
import type { Dimension, DimensionFilter } from '../../../src/queries/cost/dimensions';
import type { CostMetric } from '../../../src/queries/cost/explore';
import type { SplitRule } from '../../../src/queries/cost/shared-split';
import type { Granularity, RangeSpec } from '../../../src/queries/cost/time-range';

export interface ExplorerView {
  /** One or two levels; the chart stacks by the first. */
  groupBy: Dimension[];
  filters: DimensionFilter[];
  metric: CostMetric;
  chart: 'bar' | 'area';
  /** Shared (untagged) cost when the first grouping is a tag key: its own row, or split over the tag's values. */
  split: SplitRule;
}

export const DEFAULT_EXPLORER: ExplorerView = {
  groupBy: [{ kind: 'column', name: 'ServiceName' }],
  filters: [],
  metric: 'amortized',
  chart: 'bar',
  split: 'unallocated',
};

/** A named explorer view (range, granularity and everything above), kept in the workspace: see saved-views.ts. */
export interface SavedView {
  name: string;
  range: RangeSpec;
  granularity: Granularity;
  explorer: ExplorerView;
}
