/** Runs a query on the engine whenever its SQL, params or the data version change. */
import { useEffect, useState } from 'react';
import type { Engine, Row, SqlValue } from '../../src/engine/engine';

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
