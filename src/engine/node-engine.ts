/**
 * The blocking DuckDB-wasm build for Node (CLI, tests). Same wasm, same SQL dialect and same
 * limits as the renderer's worker build, so what passes here behaves the same in the app.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Blocking from '@duckdb/duckdb-wasm/blocking';
import {
  checkRegisteredName,
  DEFAULT_MEMORY_LIMIT,
  engineOpenSql,
  EngineHealth,
  explainEngineError,
  guarded,
  type Engine,
  type FileSource,
  type Row,
  type SqlValue,
} from './engine';
import { traced } from './node-trace';
import { tableToRows } from './values';

const require = createRequire(import.meta.url);

export interface NodeEngineOptions {
  memoryLimit?: string;
}

export async function createNodeEngine(opts: NodeEngineOptions = {}): Promise<Engine> {
  const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof Blocking;
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false, castTimestampToDate: false } });
  const conn = db.connect();
  const memoryLimit = opts.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  for (const s of engineOpenSql(memoryLimit)) conn.query(s);
  let inTransaction = false;
  const health = new EngineHealth();

  const run = <T extends Row>(sql: string, params?: readonly SqlValue[]): T[] => {
    if (!params || params.length === 0) return tableToRows<T>(conn.query(sql));
    const stmt = conn.prepare(sql);
    try {
      return tableToRows<T>(stmt.query(...(params as unknown[])));
    } finally {
      stmt.close();
    }
  };

  const engine: Engine = {
    name: 'node-blocking',
    get stopped() {
      return health.stopped;
    },
    async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
      return guarded(
        health,
        () => traced('The query', sql, () => run<T>(sql, params)),
        (e) => explainEngineError(e, 'The query', memoryLimit),
      );
    },
    async exec(sql: string) {
      await guarded(
        health,
        () => traced('The statement', sql, () => conn.query(sql)),
        (e) => explainEngineError(e, 'The statement', memoryLimit),
      );
    },
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (inTransaction) return fn();
      health.check();
      conn.query('BEGIN TRANSACTION');
      inTransaction = true;
      try {
        const out = await fn();
        conn.query('COMMIT');
        return out;
      } catch (e) {
        try {
          conn.query('ROLLBACK');
        } catch {
          // The failed statement may already have aborted the transaction.
        }
        throw e;
      } finally {
        inTransaction = false;
      }
    },
    async registerFile(name: string, source: FileSource) {
      health.check();
      checkRegisteredName(name);
      if (source.kind === 'buffer') db.registerFileBuffer(name, source.data);
      else if (source.kind === 'path') db.registerFileURL(name, path.resolve(source.path), duckdb.DuckDBDataProtocol.NODE_FS, true);
      else db.registerFileBuffer(name, new Uint8Array(await source.blob.arrayBuffer()));
    },
    async dropFile(name: string) {
      db.dropFile(name);
    },
    async insertArrowIPC(table: string, ipc: Uint8Array, o: { create?: boolean } = {}) {
      await guarded(
        health,
        () => conn.insertArrowFromIPCStream(ipc, { name: table, create: o.create ?? true }),
        (e) => explainEngineError(e, `Loading ${table}`, memoryLimit),
      );
    },
    async cancel() {
      // Statements in the blocking build run to completion on this thread; loads check for
      // cancellation between their stages instead.
      return false;
    },
    async close() {
      conn.close();
      db.reset();
    },
  };
  return engine;
}
