/**
 * Per-statement timings for measurements (scripts/measure-ui.mjs): while `window.__finopsQueryLog`
 * is an array, every statement the app sends pushes its first characters, start and end
 * (performance.now(), ms). The engine runs one statement at a time, so a statement's own time is
 * its end less the later of its start and the previous end. Off (no array), nothing is recorded.
 * Always kept: how many statements are in flight and when the last ended (engineActivity), so
 * background work (the explorer's likely rollups) runs only while the engine is quiet.
 */
import type { Engine } from '../../src/engine/engine';

export interface QueryLogEntry {
  sql: string;
  start: number;
  end: number;
  failed?: boolean;
}

/** Statements sent and not yet answered, and when the last one was answered (performance.now()). */
export const engineActivity = { inFlight: 0, lastEnd: 0 };

/** Housekeeping (dropping tables no view reads) waits this long after the engine's last answer: longer than the gaps between an analyst's back-to-back changes. */
export const HOUSEKEEPING_QUIET_MS = 1000;

/** Resolves once no statement has been in flight for `ms`: for housekeeping that must never hold up an interaction. */
export async function whenQuiet(ms: number): Promise<void> {
  while (engineActivity.inFlight > 0 || performance.now() - engineActivity.lastEnd < ms) await new Promise((r) => setTimeout(r, 100));
}

function log(): QueryLogEntry[] | null {
  const l = (globalThis as { __finopsQueryLog?: unknown }).__finopsQueryLog;
  return Array.isArray(l) ? (l as QueryLogEntry[]) : null;
}

async function timed<T>(sql: string, run: () => Promise<T>): Promise<T> {
  engineActivity.inFlight++;
  try {
    return await logged(sql, run);
  } finally {
    engineActivity.inFlight--;
    engineActivity.lastEnd = performance.now();
  }
}

async function logged<T>(sql: string, run: () => Promise<T>): Promise<T> {
  const l = log();
  if (!l) return run();
  const start = performance.now();
  try {
    const out = await run();
    l.push({ sql: sql.replace(/\s+/g, ' ').slice(0, 4000), start, end: performance.now() });
    return out;
  } catch (e) {
    l.push({ sql: sql.replace(/\s+/g, ' ').slice(0, 4000), start, end: performance.now(), failed: true });
    throw e;
  }
}

/** The same engine, its query and exec timed into the log when one is set. */
export function withQueryLog(engine: Engine): Engine {
  const query = engine.query.bind(engine);
  const exec = engine.exec.bind(engine);
  engine.query = (sql, params) => timed(sql, () => query(sql, params));
  engine.exec = (sql) => timed(sql, () => exec(sql));
  return engine;
}
