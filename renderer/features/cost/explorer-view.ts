/** What the cost explorer shows besides the shared range: groupings, filters, cost metric, chart style. */
import type { Dimension, DimensionFilter } from '../../../src/queries/cost/dimensions';
import type { CostMetric } from '../../../src/queries/cost/explore';

export interface ExplorerView {
  /** One or two levels; the chart stacks by the first. */
  groupBy: Dimension[];
  filters: DimensionFilter[];
  metric: CostMetric;
  chart: 'bar' | 'area';
}

export const DEFAULT_EXPLORER: ExplorerView = {
  groupBy: [{ kind: 'column', name: 'ServiceName' }],
  filters: [],
  metric: 'amortized',
  chart: 'bar',
};
