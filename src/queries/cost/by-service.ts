/** Cost by service (and provider) for the selected period and currency: the Cost screen's grid. */
import { allOf, cond, inPeriod, type Condition } from '../condition';
import { defineQuery, type Query } from '../query';
import { displayNameSql } from '../display-names';

export interface CostScope {
  currency: string;
  /** 'all' or 'YYYY-MM' (UTC). */
  period: string;
}

export type CostByServiceRow = {
  service: string | null;
  category: string | null;
  provider: string | null;
  /** The names the exports wrote for this service and provider (' · ' between several). */
  source_service: string | null;
  source_provider: string | null;
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

/** Service and provider as shown: one display name per provider and service across exports. */
export const SERVICE = displayNameSql('ServiceName', 'ServiceName');
export const PROVIDER = displayNameSql('ProviderName', 'ProviderName');

export function costByService(p: CostScope): Query<CostByServiceRow> {
  const where = costScope(p);
  return defineQuery(
    'cost/by-service',
    `SELECT ${SERVICE} AS service, any_value(ServiceCategory) AS category, ${PROVIDER} AS provider,
            string_agg(DISTINCT ServiceName, ' · ' ORDER BY ServiceName) AS source_service,
            string_agg(DISTINCT ProviderName, ' · ' ORDER BY ProviderName) AS source_provider,
            sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost, sum(ListCost) AS list_cost,
            BillingCurrency AS currency, count(*) AS lines
     FROM cost_lines WHERE ${where.sql} GROUP BY 1, 3, BillingCurrency`,
    where.params,
  );
}
