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
  // `answers`: the request the rows belong to, so a render between a new request and its effect never passes old rows as settled.
  const [state, setState] = useState<QueryState<T> & { answers?: string }>({ rows: null, error: null, loading: true });
  const key = JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  const request = engine && sql ? JSON.stringify([sql, key, version]) : null;
  useEffect(() => {
    if (!engine || !sql) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    engine.query<T>(sql, JSON.parse(key) as SqlValue[]).then(
      (rows) => live && setState({ rows, error: null, loading: false, answers: request! }),
      (e: unknown) => live && setState({ rows: null, error: e instanceof Error ? e.message : String(e), loading: false, answers: request! }),
    );
    return () => {
      live = false;
    };
  }, [engine, sql, key, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const { rows, error, loading } = state;
  return { rows, error, loading: loading || (request !== null && state.answers !== request) };
}

/** Runs a named query (src/queries) whenever it or the data version changes; null runs nothing. */
export function useNamedQuery<T extends Row>(engine: Engine | null, query: Query<T> | null, version = 0): QueryState<T> {
  return useQuery<T>(engine, query?.sql ?? null, query?.params, version);
}
