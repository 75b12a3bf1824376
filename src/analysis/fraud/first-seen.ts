/**
 * First-seen region or instance family on an account: a value that appears in the recent
 * window on an account with at least `minHistoryDays` of earlier history that never used it.
 * Region comes from usage_events.properties (region / region_id) and, for provider cost, from
 * cost_lines.RegionId per SubAccountId; the instance family is the part of instance_type before
 * the first dot (m5.xlarge -> m5).
 */
import type { Engine } from '../../engine/engine';
import type { FraudFinding } from '../../model/findings';
import { DEFAULT_FRAUD, fmt, jsonField, type FraudOptions } from './common';

export async function firstSeen(engine: Engine, opts: Partial<FraudOptions> = {}): Promise<FraudFinding[]> {
  const o = { ...DEFAULT_FRAUD, ...opts };
  const region = jsonField('properties', ['region', 'region_id', 'RegionId']);
  const family = `split_part(${jsonField('properties', ['instance_type', 'instanceType', 'machine_type'])}, '.', 1)`;
  const sources = [
    {
      what: 'region',
      sql: `SELECT customer_id AS acct, ${region} AS v, ts, CAST(quantity AS DOUBLE) AS q FROM usage_events WHERE properties IS NOT NULL`,
    },
    {
      what: 'instance family',
      sql: `SELECT customer_id AS acct, NULLIF(${family}, '') AS v, ts, CAST(quantity AS DOUBLE) AS q FROM usage_events WHERE properties IS NOT NULL`,
    },
    {
      what: 'region (provider cost)',
      sql: `SELECT SubAccountId AS acct, RegionId AS v, ChargePeriodStart AS ts, CAST(BilledCost AS DOUBLE) AS q FROM cost_lines`,
    },
  ];
  const out: FraudFinding[] = [];
  for (const s of sources) {
    const rows = await engine.query(
      `WITH x AS (${s.sql}), ok AS (SELECT * FROM x WHERE acct IS NOT NULL AND acct <> '' AND v IS NOT NULL AND ts IS NOT NULL),
       bounds AS (SELECT MAX(ts) - to_days(CAST(? AS INTEGER)) AS recent_from FROM ok),
       acct AS (SELECT acct, MIN(ts) AS first_ts FROM ok GROUP BY acct),
       val AS (SELECT acct, v, MIN(ts) AS v_first, SUM(q) AS q_recent FROM ok GROUP BY acct, v)
       SELECT val.acct, val.v, CAST(val.v_first AS VARCHAR) AS v_first, val.q_recent,
              CAST(acct.first_ts AS VARCHAR) AS acct_first,
              (SELECT list(DISTINCT o.v ORDER BY o.v) FROM ok o WHERE o.acct = val.acct AND o.ts < bounds.recent_from) AS known
       FROM val JOIN acct ON val.acct = acct.acct, bounds
       WHERE val.v_first >= bounds.recent_from
         AND acct.first_ts <= bounds.recent_from - to_days(CAST(? AS INTEGER))
       ORDER BY val.acct, val.v`,
      [o.recentDays, o.minHistoryDays],
    );
    for (const r of rows) {
      const known = (r.known as string[] | null) ?? [];
      out.push({
        id: `first_seen|${s.what}|${r.acct}|${r.v}`,
        rule: s.what.startsWith('instance') ? 'first_seen_instance_family' : 'first_seen_region',
        customer_id: String(r.acct),
        score: 1 + Math.log10(1 + Math.max(0, Number(r.q_recent))),
        evidence: `${s.what} ${r.v} first used ${String(r.v_first).slice(0, 16)} (quantity ${fmt(Number(r.q_recent))}); account active since ${String(r.acct_first).slice(0, 10)}, previously only ${known.join(', ') || 'none'}`,
        amount: null,
        currency: null,
      });
    }
  }
  return out;
}
