/**
 * Usage with no billed line: a customer × SKU with metered usage in a calendar month (UTC) and
 * no invoice line for that customer, SKU and month. Priced at the flat price-book price valid
 * at the month start when there is one (rounded once to the currency's minor units).
 */
import type { Engine } from '../../engine/engine';
import type { FraudFinding } from '../../model/findings';
import { formatDecimal, formatMinor, parseDecimal, toMinorUnits } from '../../model/money';
import { fmt } from './common';

export async function usageWithoutBilling(engine: Engine): Promise<FraudFinding[]> {
  const rows = await engine.query(
    `WITH u AS (SELECT customer_id, sku, date_trunc('month', ts) AS m, SUM(quantity) AS q, COUNT(*) AS n
                FROM usage_events WHERE customer_id IS NOT NULL AND customer_id <> '' AND ts IS NOT NULL GROUP BY ALL),
     b AS (SELECT DISTINCT customer_id, sku, date_trunc('month', period_start) AS m FROM invoice_lines WHERE period_start IS NOT NULL),
     p AS (SELECT sku, currency, unit_price, valid_from, valid_to FROM price_book WHERE tier_mode IS NULL AND unit_price IS NOT NULL)
     SELECT u.customer_id, u.sku, strftime(u.m, '%Y-%m') AS period, CAST(u.q AS VARCHAR) AS q, u.n,
            (SELECT CAST(p.unit_price AS VARCHAR) FROM p WHERE p.sku = u.sku AND (p.valid_from IS NULL OR p.valid_from <= u.m)
               AND (p.valid_to IS NULL OR p.valid_to > u.m) ORDER BY p.valid_from DESC NULLS LAST LIMIT 1) AS unit_price,
            (SELECT p.currency FROM p WHERE p.sku = u.sku AND (p.valid_from IS NULL OR p.valid_from <= u.m)
               AND (p.valid_to IS NULL OR p.valid_to > u.m) ORDER BY p.valid_from DESC NULLS LAST LIMIT 1) AS currency
     FROM u LEFT JOIN b ON u.customer_id = b.customer_id AND u.sku = b.sku AND u.m = b.m
     WHERE b.customer_id IS NULL AND u.q > 0
     ORDER BY u.customer_id, u.sku, period`,
  );
  return rows.map((r) => {
    const currency = r.currency ? String(r.currency) : null;
    // Multiplied here, exactly: DECIMAL(38,18) × DECIMAL(38,18) overflows in the engine for ordinary quantities.
    const amount =
      r.unit_price != null && currency
        ? formatMinor(toMinorUnits(formatDecimal(parseDecimal(String(r.q), 18) * parseDecimal(String(r.unit_price), 18), 36), currency), currency)
        : null;
    const q = Number(r.q);
    return {
      id: `usage_without_billing|${r.customer_id}|${r.sku}|${r.period}`,
      rule: 'usage_without_billing',
      customer_id: String(r.customer_id),
      score: 1 + Math.log10(1 + q),
      evidence: `${fmt(q)} ${r.sku} metered in ${r.period} (${r.n} events) with no invoice line for that customer, SKU and month${amount ? `; ${amount} ${currency} at the price book` : ''}`,
      amount,
      currency: amount ? currency : null,
      // The reconciliation key: a confirmed finding on a key reconciliation already prices is evidence there, not a second memo.
      sku: String(r.sku),
      period: String(r.period),
    };
  });
}
