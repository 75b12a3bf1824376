/** The cost lines behind one service × provider on the Cost screen (display names, period and currency as the grid). */
import { allOf, cond } from '../condition';
import { sourceRows, type SourceRowsQuery } from '../data/source-rows';
import { costScope, PROVIDER, SERVICE, type CostScope } from './by-service';

export interface ServiceLinesParams extends CostScope {
  service: string | null;
  provider: string | null;
}

export function costLinesOfService(p: ServiceLinesParams): SourceRowsQuery<'cost_lines'> {
  const where = allOf(costScope(p), cond(`${SERVICE} IS NOT DISTINCT FROM ?`, p.service), cond(`${PROVIDER} IS NOT DISTINCT FROM ?`, p.provider));
  return sourceRows('cost_lines', where, 'cost/lines-of-service');
}
