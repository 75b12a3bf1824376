/**
 * A named query: one SELECT with its bound parameters and the row type it yields (Tad's QueryExp,
 * Rill's one-file-per-query). Modules under src/queries build these from typed parameters; the
 * renderer runs them (or pages them in the grid) and Node tests run them on the real engine.
 * Identifiers and literals are quoted only through src/engine/sql.ts; values are always bound.
 */
import type { Engine, Row, SqlValue } from '../engine/engine';

export interface Query<R extends Row = Row> {
  /** What the query answers, e.g. 'cost/by-service' (error messages, tests). */
  readonly name: string;
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /** Never set: carries the row type R to runQuery and the screens. */
  readonly row?: R;
}

export function defineQuery<R extends Row>(name: string, sql: string, params: readonly SqlValue[] = []): Query<R> {
  return { name, sql, params };
}

/** Runs the query; rows come back converted as engine.ts describes (DECIMAL as exact strings). */
export function runQuery<R extends Row>(engine: Engine, q: Query<R>): Promise<R[]> {
  return engine.query<R>(q.sql, q.params);
}
