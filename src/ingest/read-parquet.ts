/**
 * Parquet -> the raw relation every adapter maps (each source column as VARCHAR + `__row`).
 * DuckDB-wasm has no parquet extension offline, so parquet-wasm decodes the file to Arrow, one
 * row group at a time (the next group is decoded while the engine takes the previous one; in Node
 * on a worker thread), and the Arrow IPC stream goes into a typed staging table: the whole file
 * (stage) or one table per row group (stageBatches, for cost loads). A view over the staging
 * casts every column to the text a CSV export of the same data would hold: decimals exactly
 * (DECIMAL -> VARCHAR keeps every digit), timestamps as 'YYYY-MM-DD HH:MM:SS', and nested columns
 * (CUR 2.0 `product`/`resource_tags` maps, FOCUS `Tags`, GCP `labels` lists) as JSON text, built
 * with string functions because the json extension is not available either. Exact numbers,
 * timestamps and string maps are also exposed as typed twins, so the FOCUS mapping skips the text.
 *
 * Pure: works in Node and the browser. The wasm is passed in by the caller (bytes in Node, see
 * node-parquet.ts; a URL from the bundler in the renderer).
 */
import initParquetWasm, { ParquetFile, type InitInput } from 'parquet-wasm/esm';
import { arrow, Type, type DataType, type Field } from '../engine/arrow';
import type { Engine, LoadProgress } from '../engine/engine';
import { UserError } from '../model/errors';
import { ident, literal } from '../engine/sql';
import {
  EXACT_NUMERIC,
  TAG_MAP,
  TEMPORAL,
  typedTwin,
  uniqueName,
  type PreparedRaw,
  type RawInput,
  type RawReader,
  type RawRelation,
  type RawTypes,
} from './raw';

export type ParquetWasmSource = InitInput;

let ready: Promise<void> | null = null;

/** Instantiates parquet-wasm once (later calls reuse the first instance). */
export function initParquet(wasm: ParquetWasmSource): Promise<void> {
  ready ??= initParquetWasm({ module_or_path: wasm }).then(
    () => undefined,
    (e: unknown) => {
      ready = null;
      throw e;
    },
  );
  return ready;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** True when the bytes start like a Parquet file (format detection by content, not name). */
export function isParquet(head: Uint8Array): boolean {
  return head.length >= 4 && MAGIC.every((b, i) => head[i] === b);
}

export interface ParquetReadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
}

function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 200);
}

export function corrupt(file: string, e: unknown): UserError {
  return new UserError(`${file}: not a readable Parquet file (${describe(e)})`, {
    file,
    expected: 'a Parquet file (PAR1 header and footer)',
  });
}

function aborted(file: string): UserError {
  return new UserError(`${file}: load cancelled`, { file });
}

/** Decodes one row group to an Arrow IPC stream. */
export interface RowGroupDecoding {
  decode(group: number, batchSize: number): Promise<Uint8Array>;
  close(): void;
}

/** Gives a decoding off this thread for a file, or null to decode here (the default). */
export type OffThreadDecoding = (blob: Blob, rowGroupRows: readonly number[]) => RowGroupDecoding | null;

let offThread: OffThreadDecoding | null = null;

/** Node installs a worker-thread decoder here (node-parquet.ts); the renderer decodes in its own thread. */
export function setOffThreadDecoding(factory: OffThreadDecoding | null): void {
  offThread = factory;
}

/** One Arrow batch per row group (capped): the default 1024-row batches cost ~10x in decode and ingest. */
function batchSizeOf(rows: number): number {
  return Math.min(Math.max(rows, 1), 131072);
}

/** `__row` = rowid - firstRowId + 1 + offset (offset: rows of the row groups before). */
interface RowNumbering {
  firstRowId: string;
  offset: number;
}

/** A Parquet file opened by handle: its columns, row count and row groups, read on demand. */
export class ParquetReader {
  private decoding: RowGroupDecoding | null = null;

  private constructor(
    private readonly file: ParquetFile,
    readonly fileName: string,
    readonly fields: Field[],
    readonly rows: number,
    readonly rowGroupRows: number[],
    readonly totalBytes: number,
  ) {}

  /** Opens `blob` (a browser File, or a Node Blob from fs.openAsBlob); reads only the footer. */
  static async open(blob: Blob, fileName: string): Promise<ParquetReader> {
    if (!ready) throw new Error('initParquet() must run before reading Parquet files');
    await ready;
    const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
    if (!isParquet(head)) throw corrupt(fileName, new Error('no PAR1 header'));
    let file: ParquetFile;
    let fields: Field[];
    const groups: number[] = [];
    try {
      file = await ParquetFile.fromFile(blob);
      const meta = file.metadata();
      for (let i = 0; i < meta.numRowGroups(); i++) groups.push(meta.rowGroup(i).numRows());
      fields = arrow.tableFromIPC(file.schema().intoIPCStream()).schema.fields;
    } catch (e) {
      throw corrupt(fileName, e);
    }
    refuseRepeatedColumns(
      fileName,
      fields.map((f) => f.name),
    );
    const rows = groups.reduce((a, b) => a + b, 0);
    const reader = new ParquetReader(file, fileName, fields, rows, groups, blob.size);
    reader.decoding = offThread?.(blob, groups) ?? null;
    return reader;
  }

  /** Row group `g` as Arrow IPC, decoded off-thread when a decoder is installed. */
  private async decode(g: number): Promise<Uint8Array> {
    try {
      if (this.decoding) return await this.decoding.decode(g, batchSizeOf(this.rowGroupRows[g]));
      return (await this.file.read({ rowGroups: [g], batchSize: batchSizeOf(this.rowGroupRows[g]) })).intoIPCStream();
    } catch (e) {
      throw corrupt(this.fileName, e);
    }
  }

  /** Column names as written in the file (the header the adapters detect on). */
  get headers(): string[] {
    return this.fields.map((f) => f.name);
  }

  /**
   * SELECT list turning the typed staging table into the raw relation (VARCHAR + __row). Text
   * columns equal to one of `nullStrings` read as NULL, as the CSV reader does. Columns in
   * `typed` (exact numbers, dates and timestamps) are also exposed unchanged as their typed
   * twins; a query that uses only the twin never computes the text.
   */
  rawSelectList(nullStrings: readonly string[] = [], typed: RawTypes = {}, rows: RowNumbering = { firstRowId: '0', offset: 0 }): string {
    return parquetRawSelectList(this.fields, nullStrings, typed, `rowid - ${rows.firstRowId} + ${rows.offset + 1}`);
  }

  /**
   * The non-empty row groups in order as Arrow IPC: row group i + 1 is decoded while the caller
   * ingests row group i. Checks `signal` before each group and reports progress after the caller
   * is done with it.
   */
  private async *decoded(opts: ParquetReadOptions): AsyncGenerator<{ group: number; ipc: Uint8Array }> {
    const groups = this.rowGroupRows.length;
    const todo = this.rowGroupRows.map((n, g) => (n > 0 ? g : -1)).filter((g) => g >= 0);
    let next: Promise<Uint8Array> | null = todo.length ? this.decode(todo[0]) : null;
    let rows = 0;
    try {
      for (let i = 0; i < todo.length; i++) {
        const g = todo[i];
        if (opts.signal?.aborted) throw aborted(this.fileName);
        const ipc: Uint8Array = await next!;
        next = i + 1 < todo.length ? this.decode(todo[i + 1]) : null;
        yield { group: g, ipc };
        rows += this.rowGroupRows[g];
        opts.onProgress?.({
          stage: `Parquet row group ${g + 1} of ${groups}`,
          rows,
          bytes: Math.round((this.totalBytes * (g + 1)) / groups),
          totalBytes: this.totalBytes,
        });
      }
    } finally {
      // A decode still running when the load stops is not waited for; its outcome is dropped.
      next?.catch(() => {});
    }
  }

  /**
   * How a staging table's rows get their `__row`: rowids of a table appended in one go are
   * consecutive, but a table created inside a transaction numbers them from a large base until
   * it commits, so the first rowid is read rather than assumed to be 0.
   */
  private async numbering(engine: Engine, table: string, offset: number): Promise<RowNumbering> {
    const [{ first }] = await engine.query<{ first: bigint | number }>(`SELECT min(rowid) AS first FROM ${ident(table)}`);
    return { firstRowId: String(first ?? 0), offset };
  }

  /** Typed-twin candidates among a staging table's columns (exact numbers, timestamps, tag maps). */
  private async typedColumns(engine: Engine, table: string): Promise<RawTypes> {
    const typed: Record<string, string> = {};
    for (const c of await engine.query<{ column_name: string; column_type: string }>(
      `SELECT column_name, column_type FROM (DESCRIBE ${ident(table)})`,
    )) {
      if ([EXACT_NUMERIC, TEMPORAL, TAG_MAP].some((re) => re.test(c.column_type))) typed[c.column_name] = c.column_type;
    }
    return typed;
  }

  /**
   * Stages the whole file into the typed table `table`, one row group at a time (each group is
   * decoded, handed to the engine and released; the next one is decoded meanwhile), checking
   * `signal` between groups and reporting progress after each. Returns the raw relation over it.
   */
  async stage(engine: Engine, table: string, opts: ParquetReadOptions & { nullStrings?: readonly string[] } = {}): Promise<RawRelation> {
    let created = false;
    for await (const { ipc } of this.decoded(opts)) {
      await engine.insertArrowIPC(table, ipc, { create: !created });
      created = true;
    }
    if (!created) {
      // No rows: an empty table with the file's columns keeps the raw relation well-formed.
      const cols = this.fields.map((f) => `${ident(f.name)} VARCHAR`).join(', ');
      await engine.exec(`CREATE TABLE ${ident(table)} (${cols || '"__empty" VARCHAR'})`);
      return {
        relation: `(SELECT ${this.fields
          .map((f) => ident(f.name))
          .concat('CAST(rowid + 1 AS BIGINT) AS "__row"')
          .join(', ')} FROM ${ident(table)})`,
        rows: 0,
      };
    }
    const typed = await this.typedColumns(engine, table);
    const numbering = await this.numbering(engine, table, 0);
    return { relation: `(SELECT ${this.rawSelectList(opts.nullStrings, typed, numbering)} FROM ${ident(table)})`, rows: this.rows, typed };
  }

  /**
   * The file as one raw relation per row group, each over its own staging table (`prefix` + group),
   * dropped when the caller asks for the next: memory holds one row group, not the whole file.
   * `__row` continues across groups. A file without rows yields one empty relation.
   */
  async *stageBatches(
    engine: Engine,
    prefix: string,
    opts: ParquetReadOptions & { nullStrings?: readonly string[] } = {},
  ): AsyncGenerator<RawRelation> {
    let offset = 0;
    let typed: RawTypes | null = null;
    for await (const { group, ipc } of this.decoded(opts)) {
      const table = `${prefix}_${group}`;
      await engine.insertArrowIPC(table, ipc, { create: true });
      try {
        typed ??= await this.typedColumns(engine, table);
        const numbering = await this.numbering(engine, table, offset);
        yield {
          relation: `(SELECT ${this.rawSelectList(opts.nullStrings, typed, numbering)} FROM ${ident(table)})`,
          rows: this.rowGroupRows[group],
          typed,
        };
      } finally {
        // Inside a failed transaction the drop fails too; the rollback removes the table then.
        await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => {});
      }
      offset += this.rowGroupRows[group];
    }
    if (offset === 0) yield await this.stage(engine, `${prefix}_empty`, opts);
  }

  close(): void {
    this.decoding?.close();
    this.file.free();
  }
}

/**
 * SELECT list turning a relation of the file's typed columns into the raw relation (VARCHAR +
 * `__row` = `rowExpr`): the staging tables here, native DuckDB's read_parquet in read-parquet-native.ts.
 */
export function parquetRawSelectList(fields: readonly Field[], nullStrings: readonly string[], typed: RawTypes, rowExpr: string): string {
  const nulls = nullStrings.map(literal).join(', ');
  const cols = fields.map((f) => {
    const x = ident(f.name);
    const text = nulls && isText(valueType(f.type)) ? `CASE WHEN ${x} IN (${nulls}) THEN NULL ELSE ${x} END` : textExpr(x, f.type);
    return `${text} AS ${x}`;
  });
  for (const name of Object.keys(typed)) cols.push(`${ident(name)} AS ${ident(typedTwin(name))}`);
  cols.push(`CAST(${rowExpr} AS BIGINT) AS "__row"`);
  return cols.join(', ');
}

/** The pipeline's raw reader for Parquet (see raw.ts). initParquet / initParquetNode must have run. */
export const parquetReader: RawReader = {
  id: 'parquet',
  sniff: isParquet,
  async prepare(engine: Engine, input: RawInput): Promise<PreparedRaw> {
    const { file, source } = input;
    if (source.kind === 'path') throw new Error(`${file}: open Parquet paths as a Blob (node-files.ts does)`);
    const blob = source.kind === 'blob' ? source.blob : new Blob([source.data as Uint8Array<ArrayBuffer>]);
    const reader = await ParquetReader.open(blob, file);
    const table = uniqueName('parquet');
    return {
      headers: reader.headers,
      container: 'Parquet',
      seenRows: { exactly: reader.rows },
      async stage(opts) {
        return reader.stage(engine, table, { signal: input.signal, onProgress: input.onProgress, nullStrings: opts.nullStrings });
      },
      stageBatches(opts) {
        return reader.stageBatches(engine, table, { signal: input.signal, onProgress: input.onProgress, nullStrings: opts.nullStrings });
      },
      async dispose() {
        reader.close();
        await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
        await engine.exec(`DROP TABLE IF EXISTS ${ident(`${table}_empty`)}`);
      },
    };
  },
};

// ---- Arrow type -> SQL text expression -------------------------------------------------------

/** A JSON string literal of a VARCHAR expression (escapes backslash, quote and control chars). */
function jsonString(expr: string): string {
  let e = `replace(${expr}, ${literal('\\')}, ${literal('\\\\')})`;
  e = `replace(${e}, ${literal('"')}, ${literal('\\"')})`;
  e = `replace(${e}, chr(10), ${literal('\\n')})`;
  e = `replace(${e}, chr(13), ${literal('\\r')})`;
  e = `replace(${e}, chr(9), ${literal('\\t')})`;
  // Most strings need no escaping: skip the replace() chain (each call copies the string) for them.
  return `('"' || CASE WHEN regexp_matches(${expr}, ${literal('[\\\\"\n\r\t]')}) THEN ${e} ELSE ${expr} END || '"')`;
}

function isText(t: DataType): boolean {
  return t.typeId === Type.Utf8 || t.typeId === Type.LargeUtf8;
}

function valueType(t: DataType): DataType {
  return t.typeId === Type.Dictionary ? (t as unknown as { dictionary: DataType }).dictionary : t;
}

function children(t: DataType): Field[] {
  return (t as unknown as { children: Field[] }).children ?? [];
}

function isNested(t: DataType): boolean {
  const id = valueType(t).typeId;
  return id === Type.List || id === Type.FixedSizeList || id === Type.Struct || id === Type.Map;
}

/** Top-level column -> VARCHAR the way a CSV export of the same value would read. */
function textExpr(x: string, type: DataType): string {
  const t = valueType(type);
  if (isText(t)) return x;
  if (t.typeId === Type.Null) return 'CAST(NULL AS VARCHAR)';
  if (isNested(t)) return jsonExpr(x, t, 0);
  return `CAST(${x} AS VARCHAR)`;
}

/** Any value -> JSON text (NULL stays SQL NULL; callers turn it into `null` inside containers). */
function jsonExpr(x: string, type: DataType, depth: number): string {
  const t = valueType(type);
  switch (t.typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
    case Type.Bool:
      return `CAST(${x} AS VARCHAR)`;
    case Type.Null:
      return 'CAST(NULL AS VARCHAR)';
    case Type.List:
    case Type.FixedSizeList: {
      const v = `v${depth}`;
      const item = `COALESCE(${jsonExpr(v, children(t)[0].type, depth + 1)}, 'null')`;
      return `CASE WHEN ${x} IS NULL THEN NULL ELSE '[' || COALESCE(array_to_string(list_transform(${x}, lambda ${v}: ${item}), ','), '') || ']' END`;
    }
    case Type.Map: {
      const v = `e${depth}`;
      const entry = children(children(t)[0].type);
      const key = jsonString(`CAST(${v}.key AS VARCHAR)`);
      const val = `COALESCE(${jsonExpr(`${v}.value`, entry[1].type, depth + 1)}, 'null')`;
      return `CASE WHEN ${x} IS NULL THEN NULL ELSE '{' || COALESCE(array_to_string(list_transform(map_entries(${x}), lambda ${v}: ${key} || ':' || ${val}), ','), '') || '}' END`;
    }
    case Type.Struct: {
      const parts = children(t).map((c) => {
        const name = jsonString(literal(c.name));
        return `${name} || ':' || COALESCE(${jsonExpr(`struct_extract(${x}, ${literal(c.name)})`, c.type, depth + 1)}, 'null')`;
      });
      const body = parts.length ? parts.join(` || ',' || `) : `''`;
      return `CASE WHEN ${x} IS NULL THEN NULL ELSE '{' || ${body} || '}' END`;
    }
    default:
      return jsonString(isText(t) ? x : `CAST(${x} AS VARCHAR)`);
  }
}

/** Two top-level columns of one name: refused, since a reader that renames the second would silently pick one. */
export function refuseRepeatedColumns(fileName: string, names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new UserError(`${fileName}: column "${name}" appears twice`, { file: fileName, column: name, expected: 'unique column names' });
    seen.add(name);
  }
}
