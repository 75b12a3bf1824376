/**
 * The worker DuckDB-wasm build for the renderer. The caller passes the bundle URLs (Vite `?url`
 * imports in the renderer) so nothing here fetches from the network.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import {
  checkRegisteredName,
  engineOpenSql,
  EngineHealth,
  explainEngineError,
  guarded,
  type Engine,
  type FileSource,
  type Row,
  type SqlValue,
} from './engine';
import { tableToRows } from './values';

export interface BrowserBundles {
  mvp: { mainModule: string; mainWorker: string };
  eh: { mainModule: string; mainWorker: string };
}

export async function createBrowserEngine(bundles: BrowserBundles, onProgress?: (loadedBytes: number, totalBytes: number) => void): Promise<Engine> {
  const bundle = await duckdb.selectBundle(bundles);
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) => onProgress?.(p.bytesLoaded, p.bytesTotal));
  await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false, castTimestampToDate: false } });
  const conn = await db.connect();
  for (const s of engineOpenSql()) await conn.query(s);
  let inTransaction = false;
  const health = new EngineHealth();

  const engine: Engine = {
    name: 'browser-worker',
    get stopped() {
      return health.stopped;
    },
    async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
      return guarded(
        health,
        async () => {
          if (!params || params.length === 0) return tableToRows<T>(await conn.query(sql));
          const stmt = await conn.prepare(sql);
          try {
            return tableToRows<T>(await stmt.query(...(params as unknown[])));
          } finally {
            await stmt.close();
          }
        },
        (e) => explainEngineError(e, 'The query'),
      );
    },
    async exec(sql: string) {
      await guarded(
        health,
        () => conn.query(sql),
        (e) => explainEngineError(e, 'The statement'),
      );
    },
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (inTransaction) return fn();
      health.check();
      await conn.query('BEGIN TRANSACTION');
      inTransaction = true;
      try {
        const out = await fn();
        await conn.query('COMMIT');
        return out;
      } catch (e) {
        try {
          await conn.query('ROLLBACK');
        } catch {
          // Already aborted by the failing statement.
        }
        throw e;
      } finally {
        inTransaction = false;
      }
    },
    async registerFile(name: string, source: FileSource) {
      health.check();
      checkRegisteredName(name);
      if (source.kind === 'buffer') await db.registerFileBuffer(name, source.data);
      else if (source.kind === 'blob') await db.registerFileHandle(name, source.blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      else throw new Error('Local paths cannot be read in the browser build; pass the File instead.');
    },
    async dropFile(name: string) {
      await db.dropFile(name);
    },
    async insertArrowIPC(table: string, ipc: Uint8Array, o: { create?: boolean } = {}) {
      await guarded(
        health,
        () => conn.insertArrowFromIPCStream(ipc, { name: table, create: o.create ?? true }),
        (e) => explainEngineError(e, `Loading ${table}`),
      );
    },
    async cancel() {
      return conn.cancelSent();
    },
    async close() {
      await conn.close();
      await db.terminate();
      worker.terminate();
    },
  };
  return engine;
}
