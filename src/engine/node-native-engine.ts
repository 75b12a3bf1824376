/**
 * Native DuckDB (@duckdb/node-api) behind the Engine interface, for the CLI and large
 * workspaces: all cores, a memory cap, and a temp directory so work larger than memory spills to
 * disk. Same SQL, same Row contract (node-native-values.ts) as the wasm builds. Files are read by
 * DuckDB's own readers: registered names are links in a private folder on `file_search_path`,
 * so `read_csv('<registered name>')` in shared SQL reads the user's file directly.
 */
import { constants, copyFileSync, linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import {
  ENGINE_SETUP_SQL,
  REGISTERED_FILES_DIR,
  checkRegisteredName,
  explainEngineError,
  nativeLockdownSql,
  type Engine,
  type FileSource,
  type Row,
  type SqlValue,
  type StatementProgress,
} from './engine';
import { literal } from './sql';
import { plainValue } from './node-native-values';
import { appendArrowIPC } from './node-native-arrow';
import { resultToArrowIPC } from './node-native-ipc';
import { traceStatement, tracing } from './node-trace';

export interface NativeEngineOptions {
  /** DuckDB memory cap, e.g. '4GB'; default 60% of the machine's memory. */
  memoryLimit?: string;
  /** Worker threads; default every core. */
  threads?: number;
  /** Where spilled data goes; default a fresh folder under the OS temp dir, removed on close. */
  tempDirectory?: string;
  /**
   * The files the user picked (the CLI's inputs): SQL may read them where they are. Any other
   * path registered is hard-linked (or copied) into the engine's own folder, the one folder SQL may read.
   */
  readablePaths?: readonly string[];
  /**
   * Where the tables live: 'memory' (fastest; every cell uncompressed, ~750 bytes a cost line) or
   * 'file' (a database file of its own, written compressed: loads far beyond memory). Default:
   * 'file' when `expectedBytes` would take more than half the memory cap in memory, else 'memory'.
   */
  storage?: 'memory' | 'file';
  /** How much the loads will hold uncompressed (storageEstimate of the inputs), for the default storage. */
  expectedBytes?: number;
}

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** A DuckDB size setting ('4GB', '512MiB', '1.5 GB') in bytes; null when it is not one. */
export function sizeBytes(setting: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(setting);
  return m ? Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()] : null;
}

/**
 * Bytes the inputs hold once loaded uncompressed: a compressed or columnar file expands ~30x
 * (measured: a 0.23 GB Parquet export of 10M cost lines took 6.2 GB in memory), text ~3x.
 */
export function storageEstimate(files: readonly { size: number; name: string }[]): number {
  return files.reduce((t, f) => t + f.size * (/\.(parquet|gz|gzip|zip|zst)$/i.test(f.name) ? 30 : 3), 0);
}

/** Real paths of the files that exist among `paths` (a folder or a missing path is left out: it is refused when opened). */
function realFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    try {
      out.push(realpathSync(p));
    } catch {
      // Not there: its load is refused naming it.
    }
  }
  return out;
}

/**
 * Makes `source` (a user's file) readable as `target` in the engine's folder. DuckDB checks the
 * real target of a link against its allowed paths, so a symbolic link serves only a file listed
 * as readable; any other file is hard-linked (same inode, no copy) or, across file systems, copied.
 */
function linkInto(target: string, source: string, readable: ReadonlySet<string>): void {
  const real = realpathSync(source);
  if (readable.has(real)) return symlinkSync(real, target);
  try {
    linkSync(real, target);
  } catch {
    copyFileSync(real, target, constants.COPYFILE_FICLONE);
  }
}

/** The native engine, plus what a host serving it to a renderer needs. */
export interface NativeEngine extends Engine {
  /** Runs one statement and returns its rows as an Arrow IPC stream (node-native-ipc.ts). */
  queryArrowIPC(sql: string, params?: readonly SqlValue[]): Promise<Uint8Array>;
  progress(): Promise<StatementProgress | null>;
}

function defaultMemoryLimit(): string {
  return `${Math.max(256, Math.floor((os.totalmem() * 0.6) / 2 ** 20))}MB`;
}

/** A registered name (REGISTERED_FILES_DIR + a bare name, as on the wasm builds) as the file in the engine's own folder. */
function checkName(registered: string): string {
  // A bare name would resolve through file_search_path, which the lockdown does not allow.
  checkRegisteredName(registered);
  return registered.slice(REGISTERED_FILES_DIR.length);
}

export async function createNativeEngine(opts: NativeEngineOptions = {}): Promise<NativeEngine> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'finops-duckdb-'));
  const files = path.join(root, 'files');
  const spill = opts.tempDirectory ?? path.join(root, 'spill');
  mkdirSync(files);
  const memoryLimit = opts.memoryLimit ?? defaultMemoryLimit();
  // Large loads keep the tables in a database file of their own (beside the spill when a spill folder
  // is named), written compressed as they load: in memory every cell is uncompressed (~750 bytes a
  // cost line, most columns empty: 75 GB for 100M lines). Smaller ones stay in memory, which is faster.
  const storage = opts.storage ?? ((opts.expectedBytes ?? 0) > (sizeBytes(memoryLimit) ?? Number.POSITIVE_INFINITY) / 2 ? 'file' : 'memory');
  if (opts.tempDirectory) mkdirSync(spill, { recursive: true });
  const store = storage === 'file' ? (opts.tempDirectory ? mkdtempSync(path.join(spill, 'finops-db-')) : root) : null;
  const readable = realFiles(opts.readablePaths ?? []);
  const readableSet = new Set(readable);
  const cleanup = () => {
    rmSync(root, { recursive: true, force: true });
    if (store) rmSync(store, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  let db: DuckDBInstance;
  let conn: DuckDBConnection;
  try {
    db = await DuckDBInstance.create(store ? path.join(store, 'workspace.duckdb') : ':memory:', {
      threads: String(opts.threads ?? os.availableParallelism()),
      memory_limit: memoryLimit,
      temp_directory: spill,
    });
    conn = await db.connect();
    // ICU is built in natively: pin UTC so timestamps read and print as in the wasm builds (no ICU).
    // Then the lockdown (engine.ts): SQL reads only the engine's folder and the user's own files.
    // DuckDB tracks a statement's progress only with its progress bar on (printing off): progress() reads it.
    const setup = [
      ...ENGINE_SETUP_SQL,
      "SET TimeZone = 'UTC'",
      `SET file_search_path = ${literal(files)}`,
      'SET enable_progress_bar = true',
      'SET enable_progress_bar_print = false',
      'SET progress_bar_time = 0',
    ];
    for (const s of [...setup, ...nativeLockdownSql(files + path.sep, readable)]) await conn.run(s);
  } catch (e) {
    cleanup();
    throw e;
  }

  // One statement at a time on the connection, in call order (the wasm builds behave so too).
  let queue: Promise<unknown> = Promise.resolve();
  let running = false;
  let statement = 0; // counts statements, so a cancel stops only the one it was asked for
  const serial = <T>(what: string, fn: () => Promise<T>, sql?: string): Promise<T> => {
    const next = queue.then(async () => {
      running = true;
      statement += 1;
      const t0 = tracing ? performance.now() : 0;
      let out: T | undefined;
      try {
        out = await fn();
        return out;
      } catch (e) {
        // Name registered files as the SQL did (the wasm builds' folder), not by the engine's folder on disk.
        if (e instanceof Error) e.message = e.message.split(files + path.sep).join(REGISTERED_FILES_DIR);
        throw explainEngineError(e, what, memoryLimit);
      } finally {
        running = false;
        if (tracing) traceStatement(performance.now() - t0, what, sql, Array.isArray(out) ? out.length : undefined);
      }
    });
    queue = next.catch(() => {});
    return next;
  };
  // The builds share one virtual folder name for registered files (REGISTERED_FILES_DIR); here it is
  // the engine's own folder on disk, so statements and bound paths are pointed at it.
  const local = (sql: string) => sql.split(REGISTERED_FILES_DIR).join(files + path.sep);
  const bindable = (params?: readonly SqlValue[]) =>
    params && params.length
      ? (params.map((p) => (typeof p === 'string' && p.startsWith(REGISTERED_FILES_DIR) ? local(p) : p)) as DuckDBValue[])
      : undefined;
  let inTransaction = false;

  const engine: NativeEngine = {
    name: 'node-native',
    nativeReaders: true,
    query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
      return serial(
        'The query',
        async () => {
          const reader = await conn.runAndReadAll(local(sql), bindable(params));
          const names = reader.columnNames();
          const out: T[] = [];
          for (const values of reader.getRows()) {
            const row: Row = {};
            for (let c = 0; c < names.length; c++) row[names[c]] = plainValue(values[c]);
            out.push(row as T);
          }
          return out;
        },
        sql,
      );
    },
    queryArrowIPC(sql: string, params?: readonly SqlValue[]) {
      return serial('The query', async () => resultToArrowIPC(await conn.runAndReadAll(local(sql), bindable(params))), sql);
    },
    async progress() {
      if (!running) return null;
      const p = conn.progress;
      return {
        percentage: p.percentage >= 0 ? p.percentage : null,
        rowsProcessed: Number(p.rows_processed),
        totalRows: Number(p.total_rows_to_process),
      };
    },
    exec(sql: string) {
      return serial(
        'The statement',
        async () => {
          await conn.run(local(sql));
        },
        sql,
      );
    },
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (inTransaction) return fn();
      await engine.exec('BEGIN TRANSACTION');
      inTransaction = true;
      try {
        const out = await fn();
        await engine.exec('COMMIT');
        return out;
      } catch (e) {
        await engine.exec('ROLLBACK').catch(() => {
          // The failed statement may already have aborted the transaction.
        });
        throw e;
      } finally {
        inTransaction = false;
      }
    },
    async registerFile(registered: string, source: FileSource) {
      const target = path.join(files, checkName(registered));
      rmSync(target, { force: true });
      if (source.kind === 'path') linkInto(target, path.resolve(source.path), readableSet);
      else writeFileSync(target, source.kind === 'buffer' ? source.data : new Uint8Array(await source.blob.arrayBuffer()));
    },
    async dropFile(registered: string) {
      const name = checkName(registered);
      try {
        unlinkSync(path.join(files, name));
      } catch {
        // Never registered, or dropped already: nothing to do.
      }
    },
    insertArrowIPC(table: string, ipc: Uint8Array, o: { create?: boolean } = {}) {
      return serial(`Loading ${table}`, () => appendArrowIPC(conn, table, ipc, o.create ?? true));
    },
    async cancel() {
      if (!running) return false;
      // DuckDB drops an interrupt that reaches the connection before the statement starts executing:
      // interrupt again until that statement ends.
      const target = statement;
      conn.interrupt();
      const again = setInterval(() => {
        if (running && statement === target) conn.interrupt();
        else clearInterval(again);
      }, 50);
      again.unref();
      return true;
    },
    async close() {
      await queue;
      conn.closeSync();
      db.closeSync();
      cleanup();
      process.removeListener('exit', cleanup);
    },
  };
  return engine;
}
