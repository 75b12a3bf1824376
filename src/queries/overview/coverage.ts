/**
 * Which months and currencies each kind of loaded data covers, so a tile that is empty for the
 * selected period or currency can say where the data is instead of asking for a file again.
 */
import { defineQuery, type Query } from '../query';

export type CoverageSource = 'cost' | 'ledger' | 'usage';

export type CoverageRow = {
  source: CoverageSource;
  /** UTC month 'YYYY-MM' (null when the row has no date). */
  period: string | null;
  /** Null for usage events, which carry no currency. */
  currency: string | null;
  n: number;
};

/** Row counts per source × month × currency over the canonical tables. */
export function overviewCoverage(): Query<CoverageRow> {
  return defineQuery(
    'overview/coverage',
    `SELECT source, period, currency, sum(n)::INTEGER AS n FROM (
       SELECT 'cost' AS source, strftime(ChargePeriodStart, '%Y-%m') AS period, BillingCurrency AS currency, count(*) AS n
         FROM cost_lines GROUP BY ALL
       UNION ALL SELECT 'ledger', strftime(period_start, '%Y-%m'), currency, count(*) FROM invoice_lines GROUP BY ALL
       UNION ALL SELECT 'usage', strftime(ts, '%Y-%m'), NULL, count(*) FROM usage_events GROUP BY ALL)
     GROUP BY ALL ORDER BY source, period NULLS LAST, currency NULLS LAST`,
  );
}
