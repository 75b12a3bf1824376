/**
 * First-seen region or instance family on an account: a value that appears in the recent
 * window on an account with at least `minHistoryDays` of earlier history that never used it.
 * Region comes from usage_events.properties (region / region_id) and, for provider cost, from
 * cost_lines.RegionId per SubAccountId; the instance family is the part of instance_type before
 * the first dot (m5.xlarge -> m5). Each account is compared with its own history only: its recent
 * window ends at its own last charge or event, so an export of another month or scope changes
 * nothing. A new region on provider cost must carry at least one currency unit of recent cost
 * (sampled and restated exports are full of fractions of a cent in passing regions).
 */
import type { Engine } from '../../engine/engine';
import type { FraudFinding } from '../../model/findings';
import { formatMinor, toMinorUnits } from '../../model/money';
import { DEFAULT_FRAUD, fmt, jsonField, type FraudOptions } from './common';
import { costRegionRowsSql } from '../reconcile/cost-staging';

export async function firstSeen(engine: Engine, opts: Partial<FraudOptions> = {}): Promise<FraudFinding[]> {
  const o = { ...DEFAULT_FRAUD, ...opts };
  const region = jsonField('properties', ['region', 'region_id', 'RegionId']);
  const family = `split_part(${jsonField('properties', ['instance_type', 'instanceType', 'machine_type'])}, '.', 1)`;
  const sources: { what: string; sql: string; minRecent?: number }[] = [
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
      sql: costRegionRowsSql(o.costStaged === true),
      minRecent: 1,
    },
  ];
  const out: FraudFinding[] = [];
  for (const s of sources) {
    const rows = await engine.query(
      `WITH x AS (${s.sql}), ok AS (SELECT * FROM x WHERE acct IS NOT NULL AND acct <> '' AND v IS NOT NULL AND ts IS NOT NULL),
       acct AS (SELECT acct, MIN(ts) AS first_ts, MAX(ts) - to_days(CAST(? AS INTEGER)) AS recent_from FROM ok GROUP BY acct),
       val AS (SELECT ok.acct, ok.v, MIN(ok.ts) AS v_first, SUM(ok.q) FILTER (WHERE ok.ts >= acct.recent_from) AS q_recent,
                      ${s.minRecent !== undefined ? `string_agg(DISTINCT cur, ',') FILTER (WHERE ok.ts >= acct.recent_from)` : 'NULL'} AS currencies
               FROM ok JOIN acct ON ok.acct = acct.acct GROUP BY ok.acct, ok.v)
       SELECT val.acct, val.v, CAST(val.v_first AS VARCHAR) AS v_first, CAST(val.q_recent AS DOUBLE) AS q_recent,
              CAST(val.q_recent AS VARCHAR) AS q_exact, val.currencies,
              CAST(acct.first_ts AS VARCHAR) AS acct_first,
              (SELECT list(DISTINCT o.v ORDER BY o.v) FROM ok o WHERE o.acct = val.acct AND o.ts < acct.recent_from) AS known
       FROM val JOIN acct ON val.acct = acct.acct
       WHERE val.v_first >= acct.recent_from
         AND acct.first_ts <= acct.recent_from - to_days(CAST(? AS INTEGER))
         ${s.minRecent !== undefined ? `AND val.q_recent >= ${s.minRecent}` : ''}
       ORDER BY val.acct, val.v`,
      [o.recentDays, o.minHistoryDays],
    );
    for (const r of rows) {
      const cur = r.currencies && !String(r.currencies).includes(',') ? String(r.currencies) : null;
      const known = (r.known as string[] | null) ?? [];
      out.push({
        id: `first_seen|${s.what}|${r.acct}|${r.v}`,
        rule: s.what.startsWith('instance') ? 'first_seen_instance_family' : 'first_seen_region',
        customer_id: String(r.acct),
        score: 1 + Math.log10(1 + Math.max(0, Number(r.q_recent))),
        evidence: `${s.what} ${r.v} first used ${String(r.v_first).slice(0, 16)} (quantity ${fmt(Number(r.q_recent))}); account active since ${String(r.acct_first).slice(0, 10)}, previously only ${known.join(', ') || 'none'}`,
        // Money only when the recent cost is in one currency (never summed across currencies), rounded once.
        amount: cur ? formatMinor(toMinorUnits(String(r.q_exact), cur), cur) : null,
        currency: cur,
      });
    }
  }
  return out;
}
