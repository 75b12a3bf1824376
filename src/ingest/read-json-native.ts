/**
 * JSON lines read by native DuckDB itself (engines with `nativeReaders`): the file's lines through
 * read_csv, each parsed by json_transform into VARCHAR leaves, nested objects flattened to the
 * dotted columns of read-json.ts and `__row` = the line number, as the JS reader gives them.
 *
 * DuckDB parses numbers as doubles, so its text of `1.50`, `1e3` or a 17-digit decimal is not the
 * file's; such a file, and anything else the JS reader handles specially (a JSON array, a Stripe
 * list, a pretty-printed object, arrays or empty objects as values, an object that is null on
 * some lines, invalid JSON: its refusals name the line), goes to the exact JS reader instead.
 */
import { registeredFileName, type Engine } from '../engine/engine';
import { ident, literal } from '../engine/sql';
import { jsonReader } from './read-json';
import { numberedRows, uniqueName, type NumberedRows, type PreparedRaw, type RawInput, type RawReader } from './raw';
import { checkHeaderNames } from './text';
import { arrowTypeOf } from './read-parquet-native';
import { Type, type DataType, type Field } from '../engine/arrow';
import { scanJsonBounds, type JsonBounds } from './json-bounds';
import { JSON_MAX_COLUMNS } from './json-exact';

/** A JSON number that DuckDB (through a double) might print differently from the file. */
const NUMBER_START = `[:,\\[]\\s*-?`;
const LOSSY_NUMBER = [
  `${NUMBER_START}[0-9]+(\\.[0-9]+)?[eE]`, // exponent: printed in another form
  `${NUMBER_START}[0-9]+\\.[0-9]*0\\s*[,}\\]]`, // trailing zero in the fraction: dropped
  `${NUMBER_START}0\\.000`, // small magnitudes: printed with an exponent
  `${NUMBER_START}[0-9]{13,}\\.`, // large reals
  `[:,\\[]\\s*-0\\s*[,}\\]]`, // negative zero
  // more than 15 significant digits with a fraction: not exact through a double
  ...Array.from({ length: 12 }, (_, i) => `${NUMBER_START}[0-9]{${i + 1}}\\.[0-9]{${15 - i},}`),
].join('|');
const NEGATIVE_ZERO = `[:,\\[]\\s*-0\\s*[,}\\]]`;

/** The records' merged structure: key -> leaf type ('DOUBLE' for reals, 'JSON' for mixed) or nested structure; [] for arrays. */
type Structure = { [key: string]: string | Structure | unknown[] };

/** DuckDB's detected type of a JSON column (read_json) -> its Structure entry. */
function structureOf(t: DataType): string | Structure | unknown[] {
  if (t.typeId === Type.Struct) return Object.fromEntries((t as unknown as { children: Field[] }).children.map((c) => [c.name, structureOf(c.type)]));
  if (t.typeId === Type.List || t.typeId === Type.FixedSizeList || t.typeId === Type.Map) return [];
  if (t.typeId === Type.Float) return 'DOUBLE';
  return t.typeId === Type.Binary ? 'JSON' : 'SCALAR';
}

function hasReals(s: Structure): boolean {
  return Object.values(s).some((v) => v === 'DOUBLE' || (typeof v === 'object' && !Array.isArray(v) && hasReals(v as Structure)));
}

/** The columns and their numbered rows; a staging table is filled when the file is staged and dropped with the reader. */
interface Plan extends NumberedRows {
  headers: string[];
}

function lines(registered: string): string {
  return (
    `read_csv(${literal(registered)}, header = false, auto_detect = false, columns = {'l': 'VARCHAR'}, ` +
    `delim = chr(1), quote = '', escape = '', strict_mode = false, max_line_size = 16777216)`
  );
}

/**
 * Flattened columns of the structure, depth first; false when a key is not a plain object or scalar,
 * or may be DuckDB's rename of a key that differs from another only in case ("A" beside "a" is
 * detected as "A_1", a column no record has: its values would be lost, where the JS reader refuses).
 */
function flatten(s: Structure, prefix: string, out: { name: string; path: string[] }[], path: string[] = []): boolean {
  const lower = new Set(Object.keys(s).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(s)) {
    const renamed = /^(.*)_[0-9]+$/.exec(k);
    if (renamed && lower.has(renamed[1].toLowerCase())) return false;
    if (Array.isArray(v) || v === 'JSON') return false;
    if (typeof v === 'object' && v !== null) {
      if (Object.keys(v).length === 0 || !flatten(v as Structure, `${prefix}${k}.`, out, [...path, k])) return false;
    } else out.push({ name: prefix + k, path: [...path, k] });
  }
  return true;
}

/** The structure with every leaf VARCHAR, for json_transform. */
function varcharLeaves(s: Structure): Structure {
  return Object.fromEntries(
    Object.entries(s).map(([k, v]) => [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? varcharLeaves(v as Structure) : 'VARCHAR']),
  );
}

/** Keys holding an object, at any depth. */
function objectKeys(s: Structure, out: string[] = []): string[] {
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      out.push(k);
      objectKeys(v as Structure, out);
    }
  }
  return out;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * One scan of the lines for what the types do not show: numbers DuckDB prints otherwise, an object
 * key that is null or {} on some line (its own column in the JS reader), a BOM; at least one record.
 */
async function verbatimLines(engine: Engine, structure: Structure, all: string, size: number): Promise<boolean> {
  const objects = objectKeys(structure);
  const odd = [
    ...(hasReals(structure) ? [LOSSY_NUMBER] : [NEGATIVE_ZERO]),
    ...(objects.length ? [`"(${objects.map(escapeRegex).join('|')})"\\s*:\\s*(null|\\{\\s*\\})`] : []),
  ].join('|');
  const [scan] = await engine.query<{ records: number; odd: boolean | null; bytes: number }>(
    `SELECT count(*) FILTER (WHERE trim(l, ' \\t') <> '') AS records, bool_or(regexp_matches(l, ${literal(odd)})) AS odd, ` +
      `sum(strlen(coalesce(l, '')) + 1) AS bytes FROM ${all}`,
  );
  // Every byte is in a line or a LF (no BOM; the pre-scan saw no CR).
  if (Number(scan.bytes) !== size && Number(scan.bytes) !== size + 1) return false;
  return Number(scan.records) > 0 && !scan.odd;
}

/**
 * The native plan for a registered file, or null when the JS reader must read it. `bounds` is the
 * byte pre-scan of the same file (scanJsonBounds): DuckDB reads only files it found plain.
 */
export async function nativeJsonPlan(engine: Engine, registered: string, bounds: JsonBounds): Promise<Plan | null> {
  if (!bounds.plain || bounds.cr) return null;
  try {
    return await planOf(engine, registered, bounds);
  } catch {
    return null; // not UTF-8, invalid JSON...: the JS reader names the line
  }
}

/**
 * The records' structure from DuckDB's type detection: over every record, or (`sampled`) over
 * DuckDB's default sample of them, a tenth of the time on a large file.
 */
async function layoutOf(engine: Engine, registered: string, sampled: boolean): Promise<Structure> {
  const detected = await engine.query<{ column_name: string; column_type: string }>(
    `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_json(${literal(registered)}, format = 'newline_delimited', ` +
      `${sampled ? '' : 'sample_size = -1, '}field_appearance_threshold = 0, map_inference_threshold = -1))`,
  );
  return Object.fromEntries(detected.map((c) => [c.column_name, structureOf(arrowTypeOf(c.column_type))]));
}

/** Key paths of a structure (every key at every depth) and those holding an object; null past a plain object or scalar. */
function pathsOf(s: Structure, out = { paths: 0, objects: 0 }): { paths: number; objects: number } | null {
  for (const v of Object.values(s)) {
    if (Array.isArray(v) || v === 'JSON') return null;
    out.paths++;
    if (typeof v === 'object' && v !== null) {
      out.objects++;
      if (!pathsOf(v as Structure, out)) return null;
    }
  }
  return out;
}

/**
 * Whether a sample's structure is the whole file's. The sample's keys are some of the file's, each
 * with a kind its values have in the file (a STRUCT: an object; a scalar type: not one); the pre-scan
 * counts the file's key paths as written (an escaped key counts apart from its plain spelling, so
 * the count errs high, never low) and the kinds of their values. So when no key of the file mixes
 * kinds (an object on one line and a string on another; 1, "1" and true), the sample has as many
 * paths and object keys as the file only if it has every one, and every key's kind. Values that
 * would need the number scan (reals, null, {}) or arrays keep the detection over every record.
 */
function sampleHoldsAll(s: Structure, bounds: JsonBounds): boolean {
  if (!bounds.verbatim || bounds.arrays || bounds.kinds !== bounds.paths) return false;
  const counted = pathsOf(s);
  return counted !== null && counted.paths === bounds.paths && counted.objects === bounds.objects;
}

async function planOf(engine: Engine, registered: string, bounds: JsonBounds): Promise<Plan | null> {
  // Records read by DuckDB's reader into a staging table (no blank line) may take their layout from a
  // sample that provably holds every key: a line beyond it the reader cannot take is an error at staging,
  // where the JS reader's refusal replaces it (stage below). Otherwise detection goes over every record.
  const staged = bounds.lines === bounds.records && bounds.records > 0;
  let structure = staged ? await layoutOf(engine, registered, true) : null;
  if (structure && !sampleHoldsAll(structure, bounds)) structure = null;
  const plan = await planFor(engine, registered, bounds, structure ?? (await layoutOf(engine, registered, false)));
  // A `rowid` key reads the file lazily, not at staging: a sample's layout is not enough for it.
  if (structure && plan && !plan.staging) return planFor(engine, registered, bounds, await layoutOf(engine, registered, false));
  return plan;
}

async function planFor(engine: Engine, registered: string, bounds: JsonBounds, structure: Structure): Promise<Plan | null> {
  const cols: { name: string; path: string[] }[] = [];
  if (!Object.keys(structure).length || !flatten(structure, '', cols) || cols.length > JSON_MAX_COLUMNS) return null;
  const all = `(SELECT CAST(ordinality AS BIGINT) AS n, l FROM ${lines(registered)} WITH ORDINALITY)`;
  const src = `(SELECT * FROM ${all} WHERE trim(l, ' \\t') <> '')`;
  // Values the pre-scan saw only as strings, integers, booleans and objects with keys (ASCII) read back verbatim.
  if (!(bounds.verbatim && bounds.records > 0) && !(await verbatimLines(engine, structure, all, bounds.size))) return null;
  const headers = cols.map((c) => c.name);
  try {
    checkHeaderNames(registered, headers);
  } catch {
    return null; // the JS reader gives the refusal with the user's file name
  }
  const leaves = varcharLeaves(structure);
  if (bounds.lines === bounds.records) {
    // Every line one record (no blank line): DuckDB's own reader with the layout declared, the same
    // transform to VARCHAR leaves as json_transform below, three times cheaper than lines + json_transform;
    // the records' order is the lines' order, so `__row` is still the line number.
    const select = cols
      .map(
        (c) =>
          `${ident(c.path[0])}${c.path
            .slice(1)
            .map((p) => `[${literal(p)}]`)
            .join('')} AS ${ident(c.name)}`,
      )
      .join(', ');
    const read =
      `read_json(${literal(registered)}, format = 'newline_delimited', records = true, maximum_object_size = 16777216, ` +
      `columns = {${Object.entries(leaves)
        .map(([k, v]) => `${literal(k)}: ${literal(duckType(v))}`)
        .join(', ')}})`;
    return { headers, ...numberedRows(select, read, headers, true, uniqueName('json_rows')) };
  }
  const t = literal(JSON.stringify(leaves));
  const select = cols.map((c) => `t${c.path.map((p) => `[${literal(p)}]`).join('')} AS ${ident(c.name)}`).join(', ');
  return { headers, relation: `(SELECT n AS "__row", ${select} FROM (SELECT n, json_transform(l, ${t}) AS t FROM ${src}))` };
}

/** A varcharLeaves entry as a DuckDB type: VARCHAR, or a STRUCT of its keys. */
function duckType(v: string | Structure | unknown[]): string {
  if (typeof v === 'string') return v;
  return `STRUCT(${Object.entries(v as Structure)
    .map(([k, t]) => `${ident(k)} ${duckType(t)}`)
    .join(', ')})`;
}

/** Bytes of a registered file, for the JS reader when the native plan does not apply. */
async function registeredBytes(engine: Engine, registered: string): Promise<Uint8Array> {
  const [row] = await engine.query<{ content: Uint8Array }>(`SELECT content FROM read_blob(${literal(registered)})`);
  return row.content;
}

/** The file's bytes in order for the pre-scan: by range from its Blob, else as the engine reads it. */
async function chunksOf(engine: Engine, registered: string, input: RawInput): Promise<AsyncIterable<Uint8Array> | Uint8Array[]> {
  const s = input.source;
  if (s.kind === 'buffer') return [s.data];
  const blob = s.kind === 'blob' ? s.blob : input.blob;
  return blob ? streamChunks(blob) : [await registeredBytes(engine, registered)];
}

async function* streamChunks(blob: Blob): AsyncIterable<Uint8Array> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/**
 * What to throw when DuckDB's reader fails on a file the plan accepted (invalid JSON past the
 * sample the layout came from, a duplicate key): the JS reader's refusal naming the line, else `error`.
 */
async function refusalOf(engine: Engine, registered: string, input: RawInput, error: unknown): Promise<unknown> {
  try {
    const data = input.source.kind === 'path' ? await registeredBytes(engine, registered) : null;
    const prepared = await jsonReader.prepare(engine, data ? { ...input, source: { kind: 'buffer', data } } : input);
    await prepared.dispose();
  } catch (refusal) {
    return refusal;
  }
  return error;
}

export const nativeJsonReader: RawReader = {
  id: 'json-native',
  sniff: jsonReader.sniff,
  async prepare(engine: Engine, input: RawInput): Promise<PreparedRaw> {
    const registered = registeredFileName(uniqueName('json'));
    await engine.registerFile(registered, input.source);
    const plan = await nativeJsonPlan(engine, registered, await scanJsonBounds(await chunksOf(engine, registered, input)));
    if (!plan) {
      try {
        const data = input.source.kind === 'path' ? await registeredBytes(engine, registered) : null;
        return await jsonReader.prepare(engine, data ? { ...input, source: { kind: 'buffer', data } } : input);
      } finally {
        await engine.dropFile(registered);
      }
    }
    const { headers, relation, staging } = plan;
    return {
      headers,
      container: 'JSON',
      async stage() {
        if (staging) {
          try {
            await engine.exec(staging.create);
          } catch (e) {
            throw await refusalOf(engine, registered, input, e);
          }
        }
        return { relation };
      },
      async dispose() {
        if (staging) await engine.exec(staging.drop);
        await engine.dropFile(registered);
      },
    };
  },
};
