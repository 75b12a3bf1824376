/** Runs a query on the engine whenever its SQL, params or the data version change. */
import { useEffect, useState } from 'react';
import type { Engine, Row, SqlValue } from '../../src/engine/engine';
import type { Query } from '../../src/queries/query';

export interface QueryState<T> {
  rows: T[] | null;
  error: string | null;
  loading: boolean;
}

export function useQuery<T extends Row = Row>(
  engine: Engine | null,
  sql: string | null,
  params: readonly SqlValue[] = [],
  version = 0,
): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ rows: null, error: null, loading: true });
  const key = JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  useEffect(() => {
    if (!engine || !sql) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    engine.query<T>(sql, JSON.parse(key) as SqlValue[]).then(
      (rows) => live && setState({ rows, error: null, loading: false }),
      (e: unknown) => live && setState({ rows: null, error: e instanceof Error ? e.message : String(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [engine, sql, key, version]);
  return state;
}

/** Runs a named query (src/queries) whenever it or the data version changes; null runs nothing. */
export function useNamedQuery<T extends Row>(engine: Engine | null, query: Query<T> | null, version = 0): QueryState<T> {
  return useQuery<T>(engine, query?.sql ?? null, query?.params, version);
}
