import { useQuery } from './use-query';
import { periodCondition } from './period';
import type { Engine } from '../../src/engine/engine';

export interface CostTotals {
  billed: string | null;
  effective: string | null;
  lines: number;
  other_lines: number;
  other: string | null;
}

/** Billed and effective cost in one currency for a period, and which other currencies were left out. */
export function useCostTotals(engine: Engine | null, currency: string, period: string, version: number) {
  const p = periodCondition('ChargePeriodStart', period);
  return useQuery<CostTotals & Record<string, unknown>>(
    engine,
    `SELECT sum(BilledCost) FILTER (WHERE BillingCurrency = ?) AS billed,
            sum(EffectiveCost) FILTER (WHERE BillingCurrency = ?) AS effective,
            count(*) FILTER (WHERE BillingCurrency = ?) AS lines,
            count(*) FILTER (WHERE BillingCurrency IS DISTINCT FROM ?) AS other_lines,
            string_agg(DISTINCT coalesce(BillingCurrency, '(no currency)'), ', ') FILTER (WHERE BillingCurrency IS DISTINCT FROM ?) AS other
     FROM cost_lines WHERE ${p.sql}`,
    [currency, currency, currency, currency, currency, ...p.params],
    version,
  );
}
