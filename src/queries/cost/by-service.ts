/** Cost by service (and provider) for the selected period and currency: the Cost screen's grid. */
import { allOf, cond, inPeriod, type Condition } from '../condition';
import { defineQuery, type Query } from '../query';

export interface CostScope {
  currency: string;
  /** 'all' or 'YYYY-MM' (UTC). */
  period: string;
}

export type CostByServiceRow = {
  service: string | null;
  category: string | null;
  provider: string | null;
  billed_cost: string | null;
  effective_cost: string | null;
  list_cost: string | null;
  currency: string;
  lines: number;
};

/** Cost lines of the period in the currency (shared with the drill to a service's lines). */
export function costScope({ currency, period }: CostScope): Condition {
  return allOf(inPeriod('ChargePeriodStart', period), cond('BillingCurrency = ?', currency));
}

export function costByService(p: CostScope): Query<CostByServiceRow> {
  const where = costScope(p);
  return defineQuery(
    'cost/by-service',
    `SELECT ServiceName AS service, any_value(ServiceCategory) AS category, ProviderName AS provider,
            sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost, sum(ListCost) AS list_cost,
            BillingCurrency AS currency, count(*) AS lines
     FROM cost_lines WHERE ${where.sql} GROUP BY ServiceName, ProviderName, BillingCurrency`,
    where.params,
  );
}
