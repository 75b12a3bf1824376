/**
 * Sudden usage from a new account: each account's usage in its first `newAccountDays` days is
 * compared, per SKU, with the same figure across every account (the new-account cohort). An
 * account first seen in the last `newWithinDays` days and above the cohort's `cohortQuantile`
 * (the account itself left out) is flagged; the
 * score is how many times that quantile it used.
 */
import type { Engine } from '../../engine/engine';
import type { FraudFinding } from '../../model/findings';
import { sortedQuantile } from '../stats/robust';
import { DEFAULT_FRAUD, fmt, type FraudOptions } from './common';

export async function newAccountSpikes(engine: Engine, opts: Partial<FraudOptions> = {}): Promise<FraudFinding[]> {
  const o = { ...DEFAULT_FRAUD, ...opts };
  const rows = await engine.query(
    `WITH first AS (SELECT customer_id, MIN(ts) AS f FROM usage_events WHERE customer_id IS NOT NULL AND customer_id <> '' GROUP BY customer_id)
     SELECT u.customer_id, u.sku, CAST(SUM(u.quantity) AS DOUBLE) AS q, CAST(MIN(first.f) AS VARCHAR) AS first_seen,
            MIN(first.f) >= (SELECT MAX(ts) FROM usage_events) - to_days(CAST(? AS INTEGER)) AS is_new
     FROM usage_events u JOIN first ON u.customer_id = first.customer_id
     WHERE u.ts < first.f + to_days(CAST(? AS INTEGER))
     GROUP BY u.customer_id, u.sku`,
    [o.newWithinDays, o.newAccountDays],
  );
  const bySku = new Map<string, { customer: string; q: number; first: string; isNew: boolean }[]>();
  for (const r of rows) {
    const list = bySku.get(String(r.sku)) ?? [];
    list.push({ customer: String(r.customer_id), q: Number(r.q), first: String(r.first_seen), isNew: Boolean(r.is_new) });
    bySku.set(String(r.sku), list);
  }
  const out: FraudFinding[] = [];
  for (const [sku, list] of bySku) {
    if (list.length < o.minCohort) continue;
    const sorted = Float64Array.from(list.map((x) => x.q)).sort();
    for (const acct of list) {
      if (!acct.isNew) continue;
      // Leave the account out of its own cohort.
      const others = removeOne(sorted, acct.q);
      const qHigh = sortedQuantile(others, o.cohortQuantile);
      const p50 = sortedQuantile(others, 0.5);
      if (!(acct.q > qHigh) || !(qHigh > 0 || acct.q > 0)) continue;
      const ratio = qHigh > 0 ? acct.q / qHigh : Infinity;
      out.push({
        id: `new_account_spike|${acct.customer}|${sku}`,
        rule: 'new_account_spike',
        customer_id: acct.customer,
        score: Math.min(ratio, 1e6),
        evidence:
          `first ${o.newAccountDays} days (from ${acct.first.slice(0, 10)}): ${fmt(acct.q)} ${sku}; new-account cohort (n=${others.length}) ` +
          `median ${fmt(p50)}, p${Math.round(o.cohortQuantile * 100)} ${fmt(qHigh)} -> ${Number.isFinite(ratio) ? ratio.toFixed(1) + '×' : 'above'} the p${Math.round(o.cohortQuantile * 100)}`,
        amount: null,
        currency: null,
      });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

function removeOne(sorted: Float64Array, v: number): Float64Array {
  const out = new Float64Array(sorted.length - 1);
  let skipped = false;
  let j = 0;
  for (const x of sorted) {
    if (!skipped && x === v) {
      skipped = true;
      continue;
    }
    out[j++] = x;
  }
  return out;
}
