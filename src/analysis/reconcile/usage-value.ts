/**
 * Money on usage anomalies: the extra (or missing) quantity of a finding is priced through the
 * price book valid in the finding's billing period, in the currency the reconciliation bills the
 * customer × SKU in, as the charge it adds on top of the rest of the period's metered quantity:
 * price(metered) − price(metered − Δq). Tiers and free quantities apply as on the invoice; the
 * exact difference is rounded once. Usage the reconciliation cannot price keeps no money.
 */
import type { Engine } from '../../engine/engine';
import type { AnomalyFinding, ReconciliationRow } from '../../model/findings';
import type { BillingConfig } from '../../model/mappings';
import { currencyExponent, formatDecimal, parseDecimal } from '../../model/money';
import { periodFormatSql, periodStartSql } from './period';
import { tidy } from './reconcile';
import { loadPriceBook, minorToString, priceQuantity, roundHalfAway, S } from './pricing';

/** The usage findings priced (impact, currency, quantity impact); other findings unchanged. */
export async function priceUsageFindings(
  engine: Engine,
  cfg: BillingConfig,
  findings: readonly AnomalyFinding[],
  reconciliation: readonly ReconciliationRow[],
): Promise<AnomalyFinding[]> {
  const usage = findings.filter((f) => f.series_key.startsWith('usage|') && f.impact === null);
  if (usage.length === 0) return [...findings];
  const prices = await loadPriceBook(engine);
  const rows = new Map(reconciliation.map((r) => [`${r.customer_id}\u0000${r.sku}\u0000${r.period}`, r]));
  // Each finding's billing period and its start, in one statement for all of them.
  const g = cfg.period;
  const starts = [...new Set(usage.map((f) => f.start))];
  const ts = 'CAST(s AS TIMESTAMP)';
  const periods = new Map(
    (
      await engine.query<{ s: string; period: string; pstart: string }>(
        `SELECT s, ${periodFormatSql(g, periodStartSql(g, ts))} AS period, strftime(${periodStartSql(g, ts)}, '%Y-%m-%dT%H:%M:%S') AS pstart
         FROM (VALUES ${starts.map(() => '(CAST(? AS VARCHAR))').join(', ')}) v(s)`,
        starts,
      )
    ).map((r) => [r.s, r]),
  );
  const out: AnomalyFinding[] = [];
  for (const f of findings) {
    if (!usage.includes(f)) {
      out.push(f);
      continue;
    }
    const p = periods.get(f.start)!;
    const sku = cfg.skuAliases[f.dimensions.sku ?? ''] ?? f.dimensions.sku ?? '';
    const row = rows.get(`${f.dimensions.customer_id ?? ''}\u0000${sku}\u0000${p.period}`);
    // The statistical expectation is a float estimate: 6 decimals is below any unit of usage sold.
    const dq = parseDecimal((f.actual - f.expected).toFixed(6), S);
    const quantity_impact = tidy(formatDecimal(dq, S));
    if (!row || !row.currency) {
      out.push({ ...f, quantity_impact });
      continue;
    }
    const metered = parseDecimal(row.metered_quantity, S);
    const without = metered - dq > 0n ? metered - dq : 0n;
    const book = prices.rows(sku, row.currency, p.pstart);
    const withP = priceQuantity(formatDecimal(metered, S), book, row.currency);
    const withoutP = priceQuantity(formatDecimal(without, S), book, row.currency);
    if (!withP || !withoutP) {
      out.push({ ...f, quantity_impact });
      continue;
    }
    const impact = minorToString(roundHalfAway(withP.exact - withoutP.exact, 2 * S, currencyExponent(row.currency)), row.currency);
    out.push({
      ...f,
      impact,
      currency: row.currency,
      quantity_impact,
      explanation: `${f.explanation}; ${dq >= 0n ? '+' : ''}${quantity_impact} ${sku} at the ${p.period} price book: ${impact} ${row.currency}`,
    });
  }
  return out;
}
