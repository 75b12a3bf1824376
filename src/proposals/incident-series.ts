/**
 * The usage series a postmortem charts: metered quantity per hour around the incident window,
 * from the canonical usage_events table, zero-filled so a gap in the meter shows as a gap.
 */
import type { Engine } from '../engine/engine';
import type { SeriesPoint } from './postmortem-svg';

export interface SeriesQuery {
  from: string; // ISO, inclusive
  to: string; // ISO, exclusive
  customers?: string[];
  skus?: string[];
}

const HOUR = 3600_000;

export async function hourlyUsage(engine: Engine, q: SeriesQuery): Promise<SeriesPoint[]> {
  const params: string[] = [q.from.replace('Z', ''), q.to.replace('Z', '')];
  let where = 'ts >= CAST(? AS TIMESTAMP) AND ts < CAST(? AS TIMESTAMP)';
  if (q.customers?.length) {
    where += ` AND customer_id IN (${q.customers.map(() => '?').join(', ')})`;
    params.push(...q.customers);
  }
  if (q.skus?.length) {
    where += ` AND sku IN (${q.skus.map(() => '?').join(', ')})`;
    params.push(...q.skus);
  }
  const rows = await engine.query<{ h: string; q: string }>(
    `SELECT date_trunc('hour', ts) AS h, CAST(sum(quantity) AS VARCHAR) AS q FROM usage_events WHERE ${where} GROUP BY 1 ORDER BY 1`,
    params,
  );
  const byHour = new Map(rows.map((r) => [Date.parse(r.h.endsWith('Z') ? r.h : `${r.h}Z`), Number(r.q)]));
  const out: SeriesPoint[] = [];
  for (let t = Math.floor(Date.parse(q.from) / HOUR) * HOUR; t < Date.parse(q.to); t += HOUR) {
    out.push({ t: new Date(t).toISOString(), actual: byHour.get(t) ?? 0 }); // chart values only, not money
  }
  return out;
}
