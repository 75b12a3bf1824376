/**
 * The explorer's per-view result table (src/queries/cost/view-table.ts): built once per view as
 * a writer (one statement), then the grid reads it. The latest few stay, so going back to a view
 * costs nothing; older ones and those of older data versions are dropped once the engine is quiet.
 */
import { useEffect, useState } from 'react';
import type { Engine } from '../../../src/engine/engine';
import { ident } from '../../../src/engine/sql';
import { runQuery, type Query } from '../../../src/queries/query';
import type { CostByGroupRow } from '../../../src/queries/cost/explore';
import { buildViewTable, viewTableName, viewTableRows } from '../../../src/queries/cost/view-table';
import { exclusive } from '../../engine/exclusive';
import { HOUSEKEEPING_QUIET_MS, whenQuiet } from '../../engine/query-log';

/** View tables kept at most (each a few thousand rows). */
const KEEP = 8;
/** Tables built in this window, oldest first, with their data version. */
let kept: { name: string; version: number }[] = [];
const building = new Map<string, Promise<void>>();

let dropping = false;

async function dropOld(engine: Engine): Promise<void> {
  if (dropping) return;
  dropping = true;
  try {
    for (;;) {
      await whenQuiet(HOUSEKEEPING_QUIET_MS);
      const latest = kept[kept.length - 1];
      const t = kept.find((x, i) => x.version !== latest?.version || i < kept.length - KEEP);
      if (!t) return;
      kept = kept.filter((x) => x !== t);
      building.delete(t.name);
      await exclusive(() => engine.exec(`DROP TABLE IF EXISTS ${ident(t.name)}`));
    }
  } finally {
    dropping = false;
  }
}

function build(engine: Engine, q: Query<CostByGroupRow>, name: string, version: number): Promise<void> {
  let p = building.get(name);
  // Asked again: it is the latest view now, the last to be dropped.
  if (p) kept = [...kept.filter((t) => t.name !== name), ...kept.filter((t) => t.name === name)];
  if (!p) {
    p = exclusive(() => runQuery(engine, buildViewTable(q, name))).then(() => {
      kept = [...kept.filter((t) => t.name !== name), { name, version }];
      void dropOld(engine);
    });
    building.set(name, p);
    p.catch(() => building.get(name) === p && building.delete(name));
  }
  return p;
}

/** The view's table once it is built (null meanwhile): its name and the grid's query over it; and a build error. */
export function useViewTable(
  engine: Engine | null,
  q: Query<CostByGroupRow> | null,
  version: number,
): { rows: Query<CostByGroupRow> | null; name: string | null; error: string | null } {
  const name = q ? viewTableName(q, version) : null;
  const [state, setState] = useState<{ name: string; error: string | null } | null>(null);
  useEffect(() => {
    if (!engine || !q || !name) return;
    let live = true;
    build(engine, q, name, version).then(
      () => live && setState({ name, error: null }),
      (e: unknown) => live && setState({ name, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [engine, name]); // eslint-disable-line react-hooks/exhaustive-deps
  const done = !!name && state?.name === name;
  const ok = done && !state.error;
  return { rows: ok ? viewTableRows(name) : null, name: ok ? name : null, error: done ? state.error : null };
}
