/**
 * The daily rollup the explorer reads (src/queries/cost/rollup.ts): built once per data version
 * and set of dimensions (groupings and filters), as a writer between loads and analysis runs;
 * rollups of older data versions are dropped. Until it is ready the explorer asks nothing.
 */
import { useEffect, useState } from 'react';
import type { Engine } from '../../../src/engine/engine';
import { ident } from '../../../src/engine/sql';
import { runQuery } from '../../../src/queries/query';
import type { Dimension, Rollup } from '../../../src/queries/cost/dimensions';
import { buildRollup, dimensionCardinalities, rollupFor, rollupSize, rollupTables, wideRollup } from '../../../src/queries/cost/rollup';
import { exclusive } from '../../engine/exclusive';

/** Tables built (or being built) in this window, by name. */
const built = new Map<string, Promise<void>>();
/** Tables whose build has finished: asked again, they are ready in the same render (no render without a rollup). */
const ready = new Set<string>();

/** Per data version: the wide rollup views are built from, or null when it would be about as long as the lines. */
const wide = new Map<number, Promise<Rollup | null>>();

function wideOf(engine: Engine, version: number): Promise<Rollup | null> {
  let p = wide.get(version);
  if (!p) {
    p = exclusive(async () => {
      const w = wideRollup(await runQuery(engine, dimensionCardinalities()), version);
      await runQuery(engine, buildRollup(w.dims, w.rollup));
      const [size] = await runQuery(engine, rollupSize(w.rollup));
      if (size && size.rows * 2 <= size.lines) return w.rollup;
      await engine.exec(`DROP TABLE IF EXISTS ${ident(w.rollup.table)}`);
      return null;
    }).catch(() => null);
    wide.clear();
    wide.set(version, p);
  }
  return p;
}

function ensure(engine: Engine, dims: Dimension[], r: Rollup, version: number): Promise<void> {
  let p = built.get(r.table);
  if (!p) {
    p = wideOf(engine, version).then((w) =>
      exclusive(async () => {
        await runQuery(engine, buildRollup(dims, r, w && r.keys.every((k) => w.keys.includes(k)) ? w : undefined));
        const stale = (await runQuery(engine, rollupTables())).filter((t) => !t.name.startsWith(`__explorer_rollup_${version}_`));
        for (const t of stale) {
          await engine.exec(`DROP TABLE IF EXISTS ${ident(t.name)}`);
          built.delete(t.name);
          ready.delete(t.name);
        }
      }),
    );
    built.set(r.table, p);
    p.then(
      () => built.get(r.table) === p && ready.add(r.table),
      () => built.delete(r.table),
    );
  }
  return p;
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
