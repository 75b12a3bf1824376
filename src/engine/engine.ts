/**
 * The one database seam of the app. Every SQL statement in the product runs through an Engine;
 * three builds implement it: DuckDB-wasm blocking for Node (tests, `--engine wasm`), DuckDB-wasm in
 * a worker for the renderer, and native DuckDB for Node (node-native-engine.ts: the CLI's default).
 * Analyses and importers depend on this interface only.
 */
import { UserError } from '../model/errors';

/** Values we bind into prepared statements. Money is passed as a decimal string, never a float. */
export type SqlValue = string | number | bigint | boolean | null;

/**
 * A result row. Conversion rules (see values.ts): DECIMAL -> exact decimal string with the
 * column's scale; BIGINT/HUGEINT -> number when it is a safe integer, else bigint; DATE ->
 * 'YYYY-MM-DD'; TIMESTAMP -> ISO-8601 UTC string; LIST/STRUCT/MAP -> plain JS values.
 */
export type Row = Record<string, unknown>;

export interface LoadProgress {
  stage: string;
  /** Rows handled so far in this stage, when known. */
  rows?: number;
  /** Bytes read so far, when known. */
  bytes?: number;
  totalBytes?: number;
}

/** A file registered with the engine's virtual file system. */
export type FileSource =
  | { kind: 'buffer'; data: Uint8Array }
  /** A path on the local disk (Node only): read by handle, never copied into wasm memory. */
  | { kind: 'path'; path: string }
  /** A browser File/Blob (renderer only): read by handle. */
  | { kind: 'blob'; blob: Blob };

/** How far the running statement is, by DuckDB's own estimate. */
export interface StatementProgress {
  /** 0..100, or null when DuckDB cannot estimate this statement (e.g. it reads a table function without a row count). */
  percentage: number | null;
  rowsProcessed: number;
  totalRows: number;
}

export interface Engine {
  readonly name: 'node-blocking' | 'browser-worker' | 'node-native' | 'host-native';
  /**
   * True when the engine reads local files itself by path (native DuckDB's read_csv, read_json,
   * read_parquet): the ingest picks path-based readers and skips JS-side parsing.
   */
  readonly nativeReaders?: boolean;
  /** Runs one statement (with bound `?` parameters when given) and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs one or more statements, discarding results. */
  exec(sql: string): Promise<void>;
  /** Runs `fn` inside BEGIN/COMMIT; any error rolls back everything it did. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Makes a file readable by SQL (read_csv etc.) under `name`. */
  registerFile(name: string, source: FileSource): Promise<void>;
  dropFile(name: string): Promise<void>;
  /** Creates (or appends to) `table` from an Arrow IPC stream. The buffer is consumed. */
  insertArrowIPC(table: string, ipc: Uint8Array, opts?: { create?: boolean }): Promise<void>;
  /** True once a fatal failure stopped the engine (EngineHealth): its holder must replace it. */
  readonly stopped?: boolean;
  /** The running statement's progress, null when none runs; engines without DuckDB's progress (wasm) lack it. */
  progress?(): Promise<StatementProgress | null>;
  /** Asks the running statement to stop; resolves whether anything was cancelled. */
  cancel(): Promise<boolean>;
  close(): Promise<void>;
}

/** Settings both builds apply at open: offline, bounded memory, exact decimals. */
export const ENGINE_SETUP_SQL = ['SET autoinstall_known_extensions = false', 'SET autoload_known_extensions = false'];

/**
 * The one folder of the engine's virtual file system that SQL may read: every file the app loads
 * is registered under it (registeredFileName). Nothing on the disk has this path.
 */
export const REGISTERED_FILES_DIR = '/finops-workbench-registered/';

/** The name a file is registered under: a bare name (no separators) inside REGISTERED_FILES_DIR. */
export function registeredFileName(name: string): string {
  if (!/^[\w.-]+$/.test(name) || /^\.+$/.test(name)) throw new Error(`Not a bare file name for the engine: ${JSON.stringify(name)}`);
  return REGISTERED_FILES_DIR + name;
}

/** Refuses a registration outside REGISTERED_FILES_DIR (SQL could not read it anyway). */
export function checkRegisteredName(name: string): void {
  if (!name.startsWith(REGISTERED_FILES_DIR)) throw new Error(`Files are registered under ${REGISTERED_FILES_DIR} (registeredFileName): ${name}`);
  registeredFileName(name.slice(REGISTERED_FILES_DIR.length));
}

/**
 * Applied last at open, by both builds. DuckDB's file functions (read_text, read_csv, glob, COPY,
 * ATTACH …) may reach only the registered files, so user SQL (the SQL console) cannot read a file
 * the user did not load, nor write one; the configuration is then locked so no statement can undo
 * it. (enable_external_access cannot be turned back on while the database runs, so loads keep
 * working only because they go through registered files; allowed_directories, DuckDB ≥ 1.3, is
 * what lets them through.) Any setting must be made before this.
 */
const LOCK_SQL = ['SET enable_external_access = false', 'SET lock_configuration = true'];
export const ENGINE_LOCKDOWN_SQL = [`SET allowed_directories = ['${REGISTERED_FILES_DIR}']`, ...LOCK_SQL];

/**
 * The native engine's lockdown: the same settings, with its own folder on disk for the registered
 * files and, besides it, the user's own files (`readable`, real paths) where they are.
 */
export function nativeLockdownSql(folder: string, readable: readonly string[]): string[] {
  const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;
  return [`SET allowed_directories = ${list([folder])}`, ...(readable.length ? [`SET allowed_paths = ${list(readable)}`] : []), ...LOCK_SQL];
}

/** Everything both builds run at open, in order: setup, the memory cap, then the lockdown. */
export function engineOpenSql(memoryLimit = DEFAULT_MEMORY_LIMIT): string[] {
  return [...ENGINE_SETUP_SQL, `SET memory_limit = '${memoryLimit}'`, ...ENGINE_LOCKDOWN_SQL];
}

/** Default memory cap for the engine (duckdb-wasm cannot address more than 4 GB). */
export const DEFAULT_MEMORY_LIMIT = '3GB';

/**
 * Failures after which DuckDB-wasm's state cannot be trusted: a wasm trap (the module ran out of
 * its 4 GB or hit `unreachable`), an invalidated database, a FATAL or INTERNAL error. Later
 * statements on such an engine may fail or, worse, quietly return nothing.
 */
export const ENGINE_BROKEN =
  /database has been invalidated|FATAL Error|INTERNAL Error|RuntimeError|memory access out of bounds|Aborted\(|unreachable/i;

/**
 * The health of one engine: the first fatal failure stops it, and every later call is refused
 * with a message saying why (the holder replaces the engine: engine.ts users never see a
 * half-working one). Both builds keep one.
 */
export class EngineHealth {
  private failure: string | null = null;

  /** Throws when an earlier failure stopped the engine. */
  check(): void {
    if (this.failure) {
      throw new UserError(
        `Engine stopped after an earlier failure (${this.failure}): restart it and load the files again; nothing more is read or changed on it.`,
        {
          engineStopped: true,
        },
      );
    }
  }

  /** Records `err` when it leaves the engine unusable; returns whether it did. */
  note(err: unknown): boolean {
    const msg = err instanceof Error ? err.message : String(err);
    if (!this.failure && ENGINE_BROKEN.test(msg)) this.failure = msg.split('\n')[0].slice(0, 200);
    return this.failure !== null;
  }

  get stopped(): boolean {
    return this.failure !== null;
  }
}

/** Runs one engine call under `health`: refused on a stopped engine; a fatal failure stops it. */
export async function guarded<T>(health: EngineHealth, fn: () => T | Promise<T>, explain: (e: unknown) => Error): Promise<T> {
  health.check();
  try {
    return await fn();
  } catch (e) {
    health.note(e);
    throw explain(e);
  }
}

/** DuckDB's arithmetic overflow (DECIMAL sums are HUGEINT inside): 9e19 + 9e19 in DECIMAL(38,18). */
export const OVERFLOW = /Overflow in (HUGEINT|DECIMAL|BIGINT|INT\d*) (addition|subtraction|multiplication)|Out of Range Error/i;

/** Rewrites DuckDB's out-of-memory and overflow errors into a message an analyst can act on. */
export function explainEngineError(err: unknown, what: string, memoryLimit = DEFAULT_MEMORY_LIMIT): Error {
  const msg = err instanceof Error ? err.message : String(err);
  if (/out of memory|memory limit|could not allocate/i.test(msg)) {
    return new UserError(`${what} does not fit in the engine's memory (${memoryLimit} cap): split the file or load fewer files at once.`, {
      outOfMemory: true,
    });
  }
  if (ENGINE_BROKEN.test(msg)) {
    return new UserError(
      `${what} failed inside the engine (${msg.split('\n')[0].slice(0, 200)}): the engine was stopped; restart it and load the files again.`,
      {
        engineStopped: true,
      },
    );
  }
  if (OVERFLOW.test(msg)) {
    return new UserError(`${what} overflowed: a sum or product of amounts exceeds what DECIMAL(38,18) holds (under 1e20 in magnitude)`, {
      expected: 'sums under 1e20',
    });
  }
  return err instanceof Error ? err : new Error(msg);
}
