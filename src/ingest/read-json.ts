/**
 * JSON raw reader: a JSON array of objects, one object, JSON lines (NDJSON) or a Stripe API list
 * response (its `data` array, 1-based `__row` as for an array). Parsed in JS
 * (no json extension offline) with numbers kept exact, flattened to dotted VARCHAR columns and
 * staged through Arrow IPC; plain JSON lines go from bytes to columns directly (ndjson-columns.ts). `__row` is the line number for JSON lines, the array index (1-based)
 * for a JSON array.
 */
import type { Engine } from '../engine/engine';
import { UserError } from '../model/errors';
import { arrow } from '../engine/arrow';
import { utf8Vector } from '../engine/arrow-vectors';
import {
  parseJsonExact,
  flattenRecord,
  JSON_MAX_COLUMNS,
  JSON_MAX_DEPTH,
  JsonLimitError,
  JsonNumber,
  JsonSyntaxError,
  type JsonObject,
  type JsonValue,
} from './json-exact';
import { ndjsonColumns } from './ndjson-columns';
import { readAllBytes, stageArrowIPC, type PreparedRaw, type RawInput, type RawReader } from './raw';
import { checkHeaderNames, detectEncoding, isUtf16, transcodeUtf16 } from './text';
import { ident } from '../engine/sql';

function firstNonSpace(head: Uint8Array): number {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return i < head.length ? head[i] : -1;
}

type Rec = { row: number; values: Record<string, string | null> };

export { JSON_MAX_COLUMNS };

function asObject(file: string, row: number, v: JsonValue): JsonObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof JsonNumber) {
    throw new UserError(`${file}: row ${row}: expected a JSON object per record, got ${Array.isArray(v) ? 'an array' : 'a value'}`, {
      file,
      row,
      expected: 'a JSON object',
    });
  }
  return v;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * The records of a Stripe API list response (`{"object": "list", "data": [...]}`), so such a
 * file loads as-is; null when the text is anything else (then it is read as usual).
 */
function stripeListData(body: string): JsonValue[] | null {
  let whole;
  try {
    whole = parseJsonExact(body);
  } catch {
    return null;
  }
  const rest = /\S/g;
  rest.lastIndex = whole.end;
  if (rest.test(body)) return null; // more text: JSON lines, read as usual
  const v = whole.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as JsonObject;
  return o.object === 'list' && Array.isArray(o.data) ? o.data : null;
}

/** Collects records, stopping at the first one that takes the file past JSON_MAX_COLUMNS distinct columns. */
function recordList(file: string) {
  const out: Rec[] = [];
  const columns = new Set<string>();
  const push = (row: number, v: JsonValue) => {
    const values = flattenRecord(asObject(file, row, v));
    for (const k in values) {
      if (columns.has(k)) continue;
      columns.add(k);
      if (columns.size > JSON_MAX_COLUMNS) {
        throw new UserError(`${file}: row ${row}: expected at most ${JSON_MAX_COLUMNS} distinct keys (columns) in the file, got more`, {
          file,
          row,
          expected: `at most ${JSON_MAX_COLUMNS} distinct keys`,
        });
      }
    }
    out.push({ row, values });
  };
  return { out, push };
}

/** A JSON document beyond the reader's limits, as the one-line error. */
function limitError(file: string, body: string, e: JsonLimitError, row?: number): UserError {
  const where = row !== undefined ? `row ${row}` : `line ${lineOf(body, e.offset)}`;
  return new UserError(`${file}: ${where}: ${e.message}`, { file, row, expected: `at most ${JSON_MAX_DEPTH} levels of nesting` });
}

export function parseJsonRecords(file: string, text: string): Rec[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const trimmed = body.trimStart();
  const { out, push } = recordList(file);
  if (trimmed.startsWith('[')) {
    let parsed;
    try {
      parsed = parseJsonExact(body);
    } catch (e) {
      if (e instanceof JsonLimitError) throw limitError(file, body, e);
      if (e instanceof JsonSyntaxError) {
        throw new UserError(`${file}: line ${lineOf(body, e.offset)}: invalid JSON: ${e.message}`, { file, expected: 'valid JSON' });
      }
      throw e;
    }
    if (parsed.end !== body.length) {
      throw new UserError(`${file}: line ${lineOf(body, parsed.end)}: expected the end of the JSON array, got more text`, { file });
    }
    (parsed.value as JsonValue[]).forEach((v, i) => push(i + 1, v));
    return out;
  }
  if (trimmed.startsWith('{')) {
    const list = stripeListData(body);
    if (list) {
      list.forEach((v, i) => push(i + 1, v));
      return out;
    }
  }
  // JSON lines; a single pretty-printed object is accepted too.
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    try {
      const p = parseJsonExact(line);
      if (p.end !== line.length) throw new JsonSyntaxError('expected one JSON object per line, got more text', p.end);
      push(i + 1, p.value);
    } catch (e) {
      if (e instanceof JsonLimitError) throw limitError(file, body, e, i + 1);
      if (!(e instanceof JsonSyntaxError)) throw e;
      if (out.length === 0) {
        let whole;
        try {
          whole = parseJsonExact(body);
        } catch (e2) {
          if (e2 instanceof JsonLimitError) throw limitError(file, body, e2);
          // Else fall through to the per-line message, which names the line.
        }
        if (whole && whole.end === body.length) {
          push(1, whole.value);
          return out;
        }
      }
      throw new UserError(`${file}: row ${i + 1}: invalid JSON: ${e.message}`, { file, row: i + 1, expected: 'one JSON object per line' });
    }
  }
  return out;
}

/** Columns -> Arrow IPC stream: `__row` Int64 (the record's line or index), then one column per header. */
function columnsToIPC(headers: readonly string[], rows: BigInt64Array, vectors: readonly arrow.Vector[]): Uint8Array {
  // No prototype: a column named __proto__ or constructor is a column like any other.
  const cols: Record<string, arrow.Vector> = Object.create(null);
  cols.__row = arrow.makeVector(rows);
  headers.forEach((h, i) => (cols[h] = vectors[i]));
  return arrow.tableToIPC(new arrow.Table(cols), 'stream');
}

/** Records -> Arrow IPC stream: every column Utf8, plus `__row` Int64. */
export function recordsToIPC(headers: readonly string[], recs: readonly Rec[]): Uint8Array {
  const rowIds = new BigInt64Array(recs.length);
  recs.forEach((r, i) => (rowIds[i] = BigInt(r.row)));
  return columnsToIPC(
    headers,
    rowIds,
    headers.map((h) => utf8Vector(recs.map((r) => r.values[h] ?? null))),
  );
}

/** Headers in order of first appearance across records. */
function headersOf(recs: readonly Rec[]): string[] {
  const seen = new Set<string>();
  const headers: string[] = [];
  for (const r of recs) {
    for (const k in r.values) {
      if (seen.has(k)) continue;
      seen.add(k);
      headers.push(k);
    }
  }
  return headers;
}

/** ndjsonColumns(), or null (the exact way, which enforces the depth and column limits naming the row) past JSON_MAX_COLUMNS or on any failure. */
function fastColumns(bytes: Uint8Array) {
  try {
    const c = ndjsonColumns(bytes);
    return c && c.headers.length <= JSON_MAX_COLUMNS ? c : null;
  } catch {
    return null;
  }
}

/**
 * The file's columns: JSON lines straight from bytes (ndjson-columns.ts) when every line is plain,
 * else every record through the exact parser (or always, with `exact`).
 */
export function jsonColumns(file: string, bytes: Uint8Array, exact = false): { headers: string[]; rows: number; ipc: () => Uint8Array } {
  const c = !exact && firstNonSpace(bytes.subarray(0, 4096)) === 0x7b ? fastColumns(bytes) : null;
  if (c) return { headers: c.headers, rows: c.rows.length, ipc: () => columnsToIPC(c.headers, c.rows, c.vectors) };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${file}: expected UTF-8 JSON text, but it contains invalid bytes`, { file, expected: 'UTF-8 text' });
  }
  const recs = parseJsonRecords(file, text);
  const headers = headersOf(recs);
  return { headers, rows: recs.length, ipc: () => recordsToIPC(headers, recs) };
}

export const jsonReader: RawReader = {
  id: 'json',
  sniff(head) {
    if (isUtf16(detectEncoding(head))) {
      const t = new TextDecoder(detectEncoding(head)).decode(head.subarray(0, 64)).trimStart();
      return t.startsWith('{') || t.startsWith('[');
    }
    const c = firstNonSpace(head);
    return c === 0x7b || c === 0x5b; // '{' or '['
  },
  async prepare(engine: Engine, input: RawInput): Promise<PreparedRaw> {
    const { file } = input;
    let bytes = await readAllBytes(input.source, file);
    const enc = detectEncoding(input.head);
    if (isUtf16(enc)) bytes = transcodeUtf16(bytes, enc);
    const cols = jsonColumns(file, bytes);
    if (cols.rows === 0) {
      throw new UserError(`${file}: the file holds no records: expected JSON objects`, { file, expected: 'JSON objects' });
    }
    const headers = cols.headers;
    checkHeaderNames(file, headers);
    let table: string | null = null;
    return {
      headers,
      container: 'JSON',
      seenRows: { exactly: cols.rows },
      async stage() {
        if (table) await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`); // staged again on a retried load
        const staged = await stageArrowIPC(engine, cols.ipc(), headers, { hasRowColumn: true, rows: cols.rows });
        table = staged.table;
        return staged.raw;
      },
      async dispose() {
        if (table) await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
      },
    };
  },
};
