/**
 * Parquet read by native DuckDB itself (engines with `nativeReaders`): read_parquet on the file,
 * streamed and parallel, no JS decoding. The raw relation is the one read-parquet.ts builds (same
 * text per column, same typed twins), from the column types DuckDB reports: DESCRIBE's type
 * strings are parsed into the Arrow types that SELECT list is written against.
 */
import { arrow, type DataType, type Field } from '../engine/arrow';
import { registeredFileName, type Engine } from '../engine/engine';
import { literal } from '../engine/sql';
import { EXACT_NUMERIC, TAG_MAP, TEMPORAL, uniqueName, type PreparedRaw, type RawInput, type RawReader, type RawTypes } from './raw';
import type { UserError } from '../model/errors';
import { corrupt, isParquet, parquetRawSelectList, refuseRepeatedColumns } from './read-parquet';

const INT_BITS: Record<string, number> = { TINYINT: 8, SMALLINT: 16, INTEGER: 32, BIGINT: 64, HUGEINT: 128 };

/** One DuckDB type string (as DESCRIBE prints it) -> the Arrow type of the same shape. */
export function arrowTypeOf(type: string): DataType {
  const p = { s: type.trim(), i: 0 };
  const t = parseType(p);
  if (p.i < p.s.length) throw new Error(`unexpected "${p.s.slice(p.i)}" in type ${type}`);
  return t;
}

function skipSpace(p: { s: string; i: number }) {
  while (p.s[p.i] === ' ') p.i++;
}

function parseName(p: { s: string; i: number }): string {
  skipSpace(p);
  if (p.s[p.i] === '"') {
    let out = '';
    for (p.i++; p.i < p.s.length; p.i++) {
      if (p.s[p.i] === '"' && p.s[p.i + 1] === '"') {
        out += '"';
        p.i++;
      } else if (p.s[p.i] === '"') break;
      else out += p.s[p.i];
    }
    p.i++;
    return out;
  }
  const m = /^[^\s,()]+/.exec(p.s.slice(p.i))!;
  p.i += m[0].length;
  return m[0];
}

/** Reads a type up to the next top-level ',' or ')'. */
function parseType(p: { s: string; i: number }): DataType {
  skipSpace(p);
  const head = /^[A-Z_]+( WITH TIME ZONE)?/.exec(p.s.slice(p.i))?.[0] ?? '';
  p.i += head.length;
  let t: DataType;
  if (head === 'STRUCT' || head === 'MAP') {
    p.i++; // '('
    const members: Field[] = [];
    for (;;) {
      skipSpace(p);
      if (p.s[p.i] === ')') break;
      const name = head === 'MAP' ? (members.length ? 'value' : 'key') : parseName(p);
      members.push(new arrow.Field(name, parseType(p), true));
      skipSpace(p);
      if (p.s[p.i] === ',') p.i++;
    }
    p.i++; // ')'
    t = head === 'MAP' ? new arrow.Map_(new arrow.Field('entries', new arrow.Struct(members), false) as never) : new arrow.Struct(members);
  } else {
    const args = /^\((\d+)\s*,\s*(\d+)\)/.exec(p.s.slice(p.i));
    if (args) p.i += args[0].length;
    const unsigned = head.startsWith('U') && INT_BITS[head.slice(1)] !== undefined;
    const bits = INT_BITS[unsigned ? head.slice(1) : head];
    if (head === 'VARCHAR') t = new arrow.Utf8();
    else if (head === 'BOOLEAN') t = new arrow.Bool();
    else if (bits) t = new arrow.Int(!unsigned, Math.min(bits, 64) as 8 | 16 | 32 | 64);
    else if (head === 'FLOAT' || head === 'DOUBLE') t = new arrow.Float64();
    else if (head === 'DECIMAL') t = new arrow.Decimal(Number(args?.[2] ?? 3), Number(args?.[1] ?? 18), 128);
    else if (head === 'NULL') t = new arrow.Null();
    else t = new arrow.Binary(); // dates, timestamps, blobs, uuids...: written as DuckDB's text of them
  }
  // LIST suffixes: T[] (list) and T[n] (fixed-size array)
  for (;;) {
    const m = /^\[(\d*)\]/.exec(p.s.slice(p.i));
    if (!m) break;
    p.i += m[0].length;
    const item = new arrow.Field('item', t, true);
    t = m[1] ? new arrow.FixedSizeList(Number(m[1]), item) : new arrow.List(item);
  }
  return t;
}

/** The file's top-level column names as its footer writes them: parquet_schema lists the schema tree depth first. */
async function topLevelNames(engine: Engine, registered: string): Promise<string[]> {
  const nodes = await engine.query<{ name: string; num_children: number | bigint | null }>(
    `SELECT name, num_children FROM parquet_schema(${literal(registered)})`,
  );
  const names: string[] = [];
  let i = 1; // nodes[0] is the root
  const skip = (): void => {
    const children = Number(nodes[i++].num_children ?? 0);
    for (let c = 0; c < children; c++) skip();
  };
  while (i < nodes.length) {
    names.push(nodes[i].name);
    skip();
  }
  return names;
}

/** DuckDB's reason a file is not Parquet: a broken footer in the wasm reader's words, and never the engine's own path to the file. */
function nativeCorrupt(file: string, registered: string, e: unknown): UserError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/no magic bytes found at end of file|too small to be a parquet file|footer length/i.test(msg))
    return corrupt(file, 'Parquet error: Invalid Parquet file. Corrupt footer');
  return corrupt(file, msg.replace(new RegExp(`'[^']*${registered}'`, 'g'), 'the file'));
}

export const nativeParquetReader: RawReader = {
  id: 'parquet-native',
  sniff: isParquet,
  async prepare(engine: Engine, input: RawInput): Promise<PreparedRaw> {
    const { file } = input;
    const registered = registeredFileName(uniqueName('parquet'));
    await engine.registerFile(registered, input.source);
    const scan = `read_parquet(${literal(registered)}, file_row_number = true)`;
    let columns: { column_name: string; column_type: string }[];
    try {
      columns = await engine.query<{ column_name: string; column_type: string }>(
        `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${scan})`,
      );
    } catch (e) {
      await engine.dropFile(registered);
      throw nativeCorrupt(file, registered, e);
    }
    columns = columns.filter((c) => c.column_name !== 'file_row_number');
    // read_parquet renames a repeated name (BilledCost, BilledCost_1): the footer's own names are checked.
    try {
      refuseRepeatedColumns(file, await topLevelNames(engine, registered));
    } catch (e) {
      await engine.dropFile(registered);
      throw e;
    }
    const fields = columns.map((c) => new arrow.Field(c.column_name, arrowTypeOf(c.column_type), true));
    const typed: RawTypes = Object.fromEntries(
      columns.filter((c) => [EXACT_NUMERIC, TEMPORAL, TAG_MAP].some((re) => re.test(c.column_type))).map((c) => [c.column_name, c.column_type]),
    );
    return {
      headers: fields.map((f) => f.name),
      container: 'Parquet',
      async stage(opts) {
        return { relation: `(SELECT ${parquetRawSelectList(fields, opts.nullStrings, typed, 'file_row_number + 1')} FROM ${scan})`, typed };
      },
      async dispose() {
        await engine.dropFile(registered);
      },
    };
  },
};
