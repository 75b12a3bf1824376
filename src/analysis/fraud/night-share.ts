/**
 * Night-time share against the account's own hour profile: the share of an account's usage
 * in the night hours over the recent window compared with its share before. A rise of at
 * least `nightShareRise` is flagged, scored as a two-proportion z on event counts.
 */
import type { Engine } from '../../engine/engine';
import type { FraudFinding } from '../../model/findings';
import { DEFAULT_FRAUD, type FraudOptions } from './common';

export async function nightShare(engine: Engine, opts: Partial<FraudOptions> = {}): Promise<FraudFinding[]> {
  const o = { ...DEFAULT_FRAUD, ...opts };
  const [from, to] = o.nightHours;
  const rows = await engine.query(
    `WITH b AS (SELECT MAX(ts) - to_days(CAST(? AS INTEGER)) AS recent_from FROM usage_events),
     x AS (SELECT customer_id, ts >= b.recent_from AS recent, hour(ts) >= ? AND hour(ts) < ? AS night, CAST(quantity AS DOUBLE) AS q
           FROM usage_events, b WHERE customer_id IS NOT NULL AND customer_id <> '' AND ts IS NOT NULL)
     SELECT customer_id,
       SUM(CASE WHEN NOT recent THEN q END) AS q_before, SUM(CASE WHEN NOT recent AND night THEN q END) AS n_before,
       SUM(CASE WHEN recent THEN q END) AS q_recent, SUM(CASE WHEN recent AND night THEN q END) AS n_recent,
       COUNT(*) FILTER (WHERE NOT recent) AS c_before, COUNT(*) FILTER (WHERE NOT recent AND night) AS cn_before,
       COUNT(*) FILTER (WHERE recent) AS c_recent, COUNT(*) FILTER (WHERE recent AND night) AS cn_recent
     FROM x GROUP BY customer_id ORDER BY customer_id`,
    [o.recentDays, from, to],
  );
  const out: FraudFinding[] = [];
  for (const r of rows) {
    const qb = Number(r.q_before ?? 0);
    const qr = Number(r.q_recent ?? 0);
    const cb = Number(r.c_before ?? 0);
    const cr = Number(r.c_recent ?? 0);
    if (qb <= 0 || qr <= 0 || cb < 20 || cr < 10) continue;
    const before = Number(r.n_before ?? 0) / qb;
    const recent = Number(r.n_recent ?? 0) / qr;
    if (recent - before < o.nightShareRise) continue;
    // Two-proportion z on event counts: is the rise more than chance?
    const p1 = Number(r.cn_before) / cb;
    const p2 = Number(r.cn_recent) / cr;
    const p = (Number(r.cn_before) + Number(r.cn_recent)) / (cb + cr);
    const z = (p2 - p1) / Math.sqrt(p * (1 - p) * (1 / cb + 1 / cr) || 1e-12);
    if (z < 3) continue;
    out.push({
      id: `night_share|${r.customer_id}`,
      rule: 'night_share',
      customer_id: String(r.customer_id),
      score: z,
      evidence: `${(recent * 100).toFixed(0)}% of usage in ${String(from).padStart(2, '0')}:00–${String(to).padStart(2, '0')}:00 UTC over the last ${o.recentDays} days vs ${(before * 100).toFixed(0)}% before (z = ${z.toFixed(1)} on ${cr} recent / ${cb} earlier events)`,
      amount: null,
      currency: null,
    });
  }
  return out.sort((a, b) => b.score - a.score);
}
