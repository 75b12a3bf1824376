import { useNamedQuery } from './use-query';
import type { Engine } from '../../src/engine/engine';
import { costTotals } from '../../src/queries/cost/totals';

/** Billed and effective cost in one currency for a period, and which other currencies were left out. */
export function useCostTotals(engine: Engine | null, currency: string, period: string, version: number) {
  return useNamedQuery(engine, costTotals({ currency, period }), version);
}
