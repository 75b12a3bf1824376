/**
 * Raw readers: the first stage of every load. A raw reader turns the bytes of one file into a
 * "raw relation" that adapters map with plain SQL:
 *
 *   - every source column as VARCHAR, named exactly as in the file (BOM stripped);
 *   - plus `__row` BIGINT = the 1-based data row in the file (header not counted);
 *   - for typed sources (Parquet), typed twins of exact-number, timestamp and tag-map columns
 *     (`typedTwin(name)`, listed in RawRelation.typed) that sql/money.ts and sql/timestamp.ts cast without a text round trip.
 *
 * Loading is two-phase so that format detection runs on the header alone:
 *   1. `prepare(engine, input)` reads just enough to know the column names (CSV: the first
 *      record of the head bytes; JSON: the parsed documents' flattened keys; Parquet: the schema)
 *      and returns a PreparedRaw.
 *   2. `prepared.stage(opts)` makes the data queryable and returns the SQL relation. CSV uses an
 *      inline `read_csv(...)` (no copy); JSON and Parquet build Arrow IPC and go through
 *      `stageArrowIPC` below into a temporary staging table.
 *      Parquet also offers `stageBatches`: one relation per row group, so a cost load maps the
 *      file group by group while the next group is decoded.
 *   3. `dispose()` drops staging tables and registered files (the pipeline always calls it).
 *
 * To add a reader (e.g. Parquet): implement RawReader in its own file, with a `sniff` on the
 * leading bytes (Parquet: "PAR1"), produce Arrow IPC (parquet-wasm), call `stageArrowIPC`,
 * and add it to `rawReaders` in readers.ts. Readers are tried in order; CSV is the fallback.
 */
import type { Engine, FileSource, LoadProgress } from '../engine/engine';
import { ident } from '../engine/sql';

export interface RawInput {
  /** The file name the user knows (used in messages and provenance). */
  file: string;
  source: FileSource;
  /** The first bytes of the file (up to HEAD_BYTES), as stored (before any transcoding; after gzip decoding). */
  head: Uint8Array;
  /** 'gzip': `source` is gzip-compressed CSV, checked whole already (gzip.ts); the CSV reader has DuckDB decode it. */
  compression?: 'gzip';
  /** The same bytes read by range, for a `path` source (node-files.ts provides it for JSON on native engines). */
  blob?: Blob;
  signal?: AbortSignal;
  /** Readers that stage in steps (Parquet: per row group) report progress here. */
  onProgress?: (p: LoadProgress) => void;
}

export interface StageOptions {
  /** Strings the adapter treats as SQL NULL (the FOCUS sample writes `NULL`). */
  nullStrings: readonly string[];
}

export interface RawRelation {
  /** SQL relation (parenthesised subquery or table name) with the source columns + `__row`. */
  relation: string;
  /** Row count when the reader knows it without scanning (JSON, Parquet). */
  rows?: number;
  /**
   * Source columns that also come typed (Parquet DECIMAL, integer and timestamp columns): source
   * name -> DuckDB type of its twin column `typedTwin(name)` in the relation. The expression set
   * (sql/money.ts, sql/timestamp.ts, sql/currency.ts) casts from the twin instead of parsing the
   * column's text.
   */
  typed?: RawTypes;
}

/** Source column -> DuckDB type of its typed twin in the raw relation. */
export type RawTypes = Readonly<Record<string, string>>;

/** DuckDB types a typed twin may have: exact numbers (cast to money) and dates/timestamps. */
export const EXACT_NUMERIC = /^(DECIMAL|U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))\b/;
export const TEMPORAL = /^(TIMESTAMP|DATE)\b/;
/** A tag map (FOCUS Tags in Parquet) whose entries go to cost_tags as they are. */
export const TAG_MAP = /^MAP\(VARCHAR, VARCHAR\)$/;

/** Name of the typed twin of raw column `col`. */
export function typedTwin(col: string): string {
  return `__typed ${col}`;
}

export interface PreparedRaw {
  /** Column names in file order, as written in the file. */
  headers: string[];
  /** Human name of the container format, e.g. 'CSV', 'JSON lines', 'Parquet'. */
  container: string;
  /** A reader's hint for an unrecognised layout (e.g. "looks semicolon-separated"). */
  hint?: string;
  /**
   * Data rows the reader saw itself, before the engine read the file: all of them (JSON, Parquet
   * footer) or a lower bound (CSV: the head bytes hold a record after the header). The load
   * checks its count against it, so an engine that reads nothing is never taken for an empty file.
   */
  seenRows?: { exactly: number } | { atLeast: number };
  stage(opts: StageOptions): Promise<RawRelation>;
  /**
   * The same rows as stage(), as consecutive batches (Parquet: one per row group, `__row`
   * continuing across them). Each batch's relation is valid until the next one is asked for;
   * a caller mapping batch by batch holds one batch in memory instead of the whole file.
   */
  stageBatches?(opts: StageOptions): AsyncIterable<RawRelation>;
  /**
   * CSV only: re-reads the file with CRLF record ends made LF, for a load that stopped on mixed
   * line ends; the next stage() reads the normalised copy.
   */
  normalizeLineEnds?(): Promise<void>;
  dispose(): Promise<void>;
}

export interface RawReader {
  id: string;
  /** True when the leading bytes are this reader's format. */
  sniff(head: Uint8Array): boolean;
  prepare(engine: Engine, input: RawInput): Promise<PreparedRaw>;
}

let seq = 0;
/** A process-unique name for registered files and staging tables. */
export function uniqueName(prefix: string): string {
  seq += 1;
  return `__finops_${prefix}_${Date.now().toString(36)}_${seq}`;
}

/** `__row` of a staging table's rows, numbered in the order they were inserted. */
const ROW_BY_ROWID = 'CAST(rowid + 1 AS BIGINT)';

/** A reader's rows numbered by `__row`, and the staging table they are read into first, if any. */
export interface NumberedRows {
  relation: string;
  staging?: { create: string; drop: string };
}

/**
 * `select` over `read` (a reader's table function) with `__row`, the record number. `parallel`
 * (native DuckDB, a file it can split): the records are read on every thread into the staging
 * table `table`, whose rowids follow the file's order (DuckDB preserves insertion order), so they
 * number the rows; WITH ORDINALITY reads on one thread. A column named rowid would hide the
 * rowids: such a file is numbered as it is read.
 */
export function numberedRows(select: string, read: string, headers: readonly string[], parallel: boolean, table: string): NumberedRows {
  if (!parallel || headers.some((h) => h.toLowerCase() === 'rowid'))
    return { relation: `(SELECT CAST(ordinality AS BIGINT) AS "__row", ${select} FROM ${read} WITH ORDINALITY)` };
  return {
    relation: `(SELECT ${ROW_BY_ROWID} AS "__row", * FROM ${ident(table)})`,
    staging: {
      create: `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS SELECT ${select} FROM ${read}`,
      drop: `DROP TABLE IF EXISTS ${ident(table)}`,
    },
  };
}

/**
 * Loads an Arrow IPC stream into a fresh temporary staging table and returns the raw relation
 * over it: each of `headers` cast to VARCHAR, plus `__row`. If the IPC already has a `__row`
 * column it is kept; otherwise row order gives it (rowid + 1).
 */
export async function stageArrowIPC(
  engine: Engine,
  ipc: Uint8Array,
  headers: readonly string[],
  opts: { hasRowColumn: boolean; rows?: number },
): Promise<{ raw: RawRelation; table: string }> {
  const table = uniqueName('stage');
  await engine.insertArrowIPC(table, ipc, { create: true });
  const cols = headers.map((h) => `CAST(${ident(h)} AS VARCHAR) AS ${ident(h)}`);
  const row = opts.hasRowColumn ? 'CAST("__row" AS BIGINT)' : ROW_BY_ROWID;
  const relation = `(SELECT ${row} AS "__row"${cols.length ? ', ' + cols.join(', ') : ''} FROM ${ident(table)})`;
  return { raw: { relation, rows: opts.rows }, table };
}

/** Reads a whole source into memory (buffer and blob sources; path sources are Node-only). */
export async function readAllBytes(source: FileSource, file: string): Promise<Uint8Array> {
  if (source.kind === 'buffer') return source.data;
  if (source.kind === 'blob') return new Uint8Array(await source.blob.arrayBuffer());
  throw new Error(`${file}: a path source must be read with src/ingest/node-files.ts first`);
}
