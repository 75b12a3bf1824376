/**
 * The daily rollup the explorer reads (src/queries/cost/rollup.ts): built once per data version
 * and set of dimensions (groupings and filters), as a writer between loads and analysis runs;
 * rollups of older data versions are dropped once the engine is quiet. Until it is ready the explorer asks nothing.
 * Rollups the wide one cannot serve and the analyst is likely to ask next (likelyRollupDims) are
 * built in the background, a few days of lines per statement and only while the engine is quiet,
 * so an interaction waits at most for one piece; a new view puts its likely ones first, new data
 * cancels them all.
 */
import { useEffect, useState } from 'react';
import { engineActivity, HOUSEKEEPING_QUIET_MS, whenQuiet } from '../../engine/query-log';
import type { Engine } from '../../../src/engine/engine';
import { ident } from '../../../src/engine/sql';
import { runQuery } from '../../../src/queries/query';
import type { Dimension, Rollup } from '../../../src/queries/cost/dimensions';
import {
  buildRollup,
  buildRollupPiece,
  daySpans,
  dimensionCardinalities,
  finishRollupPieces,
  likelyRollupDims,
  lineDays,
  type LineDaysRow,
  manyValuedDimensions,
  rollupFor,
  rollupPartTable,
  rollupSize,
  rollupTables,
  wideRollup,
} from '../../../src/queries/cost/rollup';
import { exclusive } from '../../engine/exclusive';

/** Tables built (or being built) in this window, by name. */
const built = new Map<string, Promise<void>>();
/** Tables whose build has finished: asked again, they are ready in the same render (no render without a rollup). */
const ready = new Set<string>();

/** Per data version: the wide rollup views are built from (null when it would be about as long as the lines), and the dimensions it leaves out. */
const wide = new Map<number, Promise<{ rollup: Rollup | null; many: Dimension[] }>>();

function wideOf(engine: Engine, version: number): Promise<{ rollup: Rollup | null; many: Dimension[] }> {
  let p = wide.get(version);
  if (!p) {
    p = exclusive(async () => {
      const cards = await runQuery(engine, dimensionCardinalities());
      const w = wideRollup(cards, version);
      await runQuery(engine, buildRollup(w.dims, w.rollup));
      const [size] = await runQuery(engine, rollupSize(w.rollup));
      if (size && size.rows * 2 <= size.lines) return { rollup: w.rollup, many: manyValuedDimensions(cards) };
      await engine.exec(`DROP TABLE IF EXISTS ${ident(w.rollup.table)}`);
      return { rollup: null, many: [] };
    }).catch(() => ({ rollup: null, many: [] }));
    wide.clear();
    wide.set(version, p);
  }
  return p;
}

let dropping = false;
/** The newest data version a rollup was asked for: a drop that waited keeps its tables, whatever it was called for. */
let newest = -1;

/** Drops the rollups of older data versions once the engine is quiet. */
async function dropStale(engine: Engine, asked: number): Promise<void> {
  newest = Math.max(newest, asked);
  if (dropping) return;
  dropping = true;
  try {
    await whenQuiet(HOUSEKEEPING_QUIET_MS);
    await exclusive(async () => {
      const version = newest;
      const stale = (await runQuery(engine, rollupTables())).filter((t) => !t.name.startsWith(`__explorer_rollup_${version}_`));
      for (const t of stale) {
        await engine.exec(`DROP TABLE IF EXISTS ${ident(t.name)}`);
        built.delete(t.name);
        ready.delete(t.name);
      }
    });
  } catch {
    // Left for the next build to drop.
  } finally {
    dropping = false;
  }
}

function ensure(engine: Engine, dims: Dimension[], r: Rollup, version: number): Promise<void> {
  let p = built.get(r.table);
  const job = jobs.get(r.table);
  if (!p && job?.done) {
    // Being built in the background: it finishes now, without waiting for quiet.
    job.hurry = true;
    const hurried = job.done;
    p = hurried;
    built.set(r.table, hurried);
    hurried.catch(() => built.get(r.table) === hurried && built.delete(r.table));
  } else if (!p) {
    if (job) cancel(job);
    p = wideOf(engine, version).then(async ({ rollup: w }) => {
      await exclusive(() => runQuery(engine, buildRollup(dims, r, w && r.keys.every((k) => w.keys.includes(k)) ? w : undefined)));
      // Rollups of older data go when the engine is quiet, never before the view's questions.
      void dropStale(engine, version);
    });
    built.set(r.table, p);
    p.then(
      () => built.get(r.table) === p && ready.add(r.table),
      () => built.delete(r.table),
    );
  }
  return p;
}

interface Job {
  r: Rollup;
  dims: Dimension[];
  version: number;
  cancelled: boolean;
  /** An interaction needs it: the remaining pieces run without waiting for quiet. */
  hurry: boolean;
  /** Set once it runs. */
  done?: Promise<void>;
}

/** Background builds by table: queued or running. */
const jobs = new Map<string, Job>();
let queue: Job[] = [];
let pumping = false;
/** Lines per background piece: a few tens of milliseconds of engine time. */
const PIECE_LINES = 50_000;
/** Background builds waiting at most. */
const QUEUE_MAX = 6;
/** The engine counts as quiet this long after its last answer. */
const QUIET_MS = 150;

function cancel(job: Job): void {
  job.cancelled = true;
  jobs.delete(job.r.table);
  queue = queue.filter((j) => j !== job);
}

async function quiet(job: Job): Promise<void> {
  while (!job.hurry && !job.cancelled && (engineActivity.inFlight > 0 || performance.now() - engineActivity.lastEnd < QUIET_MS)) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Per data version: lines and charge days, to cut builds into pieces (asked once). */
const lineDaysOf = new Map<number, Promise<LineDaysRow | undefined>>();

async function runJob(engine: Engine, job: Job): Promise<void> {
  if (!lineDaysOf.has(job.version)) {
    lineDaysOf.clear();
    lineDaysOf.set(
      job.version,
      runQuery(engine, lineDays()).then((r) => r[0]),
    );
  }
  const days = await lineDaysOf.get(job.version);
  if (!days?.first || !days.last) throw new Error('no cost lines');
  const spans = daySpans(days.first, days.last, Math.ceil(days.lines / PIECE_LINES));
  for (const [i, span] of spans.entries()) {
    await quiet(job);
    if (job.cancelled) break;
    await exclusive(() => runQuery(engine, buildRollupPiece(job.dims, job.r, span, i === 0)));
  }
  await exclusive(() => engine.exec(job.cancelled ? `DROP TABLE IF EXISTS ${ident(rollupPartTable(job.r))}` : finishRollupPieces(job.r)));
  if (job.cancelled) throw new Error('cancelled');
}

async function pump(engine: Engine): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { r } = job;
      job.done = runJob(engine, job);
      await job.done.then(
        () => {
          built.set(r.table, Promise.resolve());
          ready.add(r.table);
        },
        () => undefined,
      );
      jobs.delete(r.table);
    }
  } finally {
    pumping = false;
  }
}

/** Queues the likely rollups of this view, cancelling queued ones it no longer makes likely and any of older data. */
function prebuild(engine: Engine, version: number, groupBy: Dimension[], filterDims: Dimension[]): void {
  void wideOf(engine, version).then(({ rollup: w, many }) => {
    if (!w) return;
    const wanted = likelyRollupDims(groupBy, filterDims, many).map((dims) => ({ dims, r: rollupFor(dims, version) }));
    // Builds of older data stop at their next piece; a running one of this data finishes (restarting
    // it at every view change would only redo pieces); this view's likely ones go first and the
    // oldest queued beyond QUEUE_MAX are dropped.
    for (const job of [...jobs.values()]) if (job.version !== version) cancel(job);
    const fresh: Job[] = [];
    for (const { dims, r } of wanted) {
      if (built.has(r.table)) continue;
      const queued = jobs.get(r.table);
      if (queued?.done) continue;
      const job: Job = queued ?? { r, dims, version, cancelled: false, hurry: false };
      jobs.set(r.table, job);
      fresh.push(job);
    }
    queue = [...fresh, ...queue.filter((j) => !fresh.includes(j))];
    for (const job of queue.slice(QUEUE_MAX)) cancel(job);
    void pump(engine);
  });
}

/** Once the view's own rollup is ready, the likely next ones are built in the background. */
export function useLikelyRollups(engine: Engine | null, version: number, groupBy: Dimension[], filterDims: Dimension[], viewReady: boolean): void {
  const key = JSON.stringify([groupBy, filterDims]);
  useEffect(() => {
    if (engine && viewReady) prebuild(engine, version, groupBy, filterDims);
  }, [engine, version, key, viewReady]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** The rollup for these dimensions when it is ready (null while building), and a build error. */
export function useRollup(engine: Engine | null, dims: Dimension[], version: number): { rollup: Rollup | null; error: string | null } {
  const r = rollupFor(dims, version);
  const [state, setReady] = useState<{ table: string; error: string | null } | null>(null);
  const built = !!engine && ready.has(r.table);
  useEffect(() => {
    if (!engine || built) return;
    let live = true;
    ensure(engine, dims, r, version).then(
      () => live && setReady({ table: r.table, error: null }),
      (e: unknown) => live && setReady({ table: r.table, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [engine, r.table, built]); // eslint-disable-line react-hooks/exhaustive-deps
  const ok = built || (state?.table === r.table && !state.error);
  return { rollup: ok ? r : null, error: !built && state?.table === r.table ? state.error : null };
}
