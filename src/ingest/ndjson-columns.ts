/**
 * JSON lines straight from bytes into Arrow columns: no JS string or object per record. A line of
 * plain members (keys without escapes, strings without escapes, numbers, true/false/null, nested
 * objects flattened to dotted names) is scanned once and its values' bytes copied into each
 * column's Utf8 buffers, exactly as read-json.ts's exact path (parseJsonExact + flattenRecord)
 * would write them. A line with anything else (escapes, arrays, repeated keys, integer-like keys, `__proto__`,
 * non-ASCII outside strings) is read by that exact parser; a line it refuses, or a first record
 * that needs it (a pretty-printed object, a Stripe list), gives null: the caller reads the whole
 * file the exact way, which names the line. test/unit/ingest/ndjson-property.test.ts compares both.
 */
import { arrow } from '../engine/arrow';
import { flattenRecord, JSON_MAX_COLUMNS, JSON_MAX_DEPTH, JsonLimitError, parseJsonExact, type JsonValue } from './json-exact';

export interface NdjsonColumns {
  /** Flattened column names in order of first appearance. */
  headers: string[];
  /** 1-based line number of each record. */
  rows: BigInt64Array;
  /** One Utf8 vector per header. */
  vectors: arrow.Vector[];
}

/** One Utf8 column being built: values appended in record order, nulls where a record lacks it. */
class Utf8Column {
  length = 0;
  nulls = 0;
  offsets = new Int32Array(1024);
  data = new Uint8Array(4096);
  bitmap = new Uint8Array(128);
  /** Record index of the last value set (repeated names in one record go the exact way). */
  lastRecord = -1;

  private room(records: number, bytes: number): void {
    if (records + 1 >= this.offsets.length) {
      // Doubled as often as it takes: a column first seen at a late record starts far past its arrays.
      let n = this.offsets.length * 2;
      while (records + 1 >= n) n *= 2;
      const o = new Int32Array(n);
      o.set(this.offsets);
      this.offsets = o;
      const b = new Uint8Array(this.offsets.length >> 3);
      b.set(this.bitmap);
      this.bitmap = b;
    }
    const end = this.offsets[this.length] + bytes;
    if (end > this.data.length) {
      const d = new Uint8Array(Math.max(end, this.data.length * 2));
      d.set(this.data);
      this.data = d;
    }
  }

  /** Nulls up to record `record` (exclusive). */
  padTo(record: number): void {
    if (this.length >= record) return;
    this.room(record, 0);
    const end = this.offsets[this.length];
    this.offsets.fill(end, this.length + 1, record + 1);
    this.nulls += record - this.length;
    this.length = record;
  }

  /** The value of record `record`: bytes [start, end) of `src`. */
  push(record: number, src: Uint8Array, start: number, end: number): void {
    this.padTo(record);
    this.room(record + 1, end - start);
    const at = this.offsets[record];
    this.data.set(src.subarray(start, end), at);
    this.offsets[record + 1] = at + end - start;
    this.bitmap[record >> 3] |= 1 << (record & 7);
    this.length = record + 1;
  }

  vector(records: number): arrow.Vector {
    this.padTo(records);
    return arrow.makeVector(
      arrow.makeData({
        type: new arrow.Utf8(),
        length: records,
        nullCount: this.nulls,
        nullBitmap: this.nulls ? this.bitmap.subarray(0, ((records + 63) >> 6) << 3) : undefined,
        valueOffsets: this.offsets.subarray(0, records + 1),
        data: this.data.subarray(0, this.offsets[records]),
      }),
    );
  }
}

/** A member name within one object level: its flattened column, and the object level under it. */
interface Member {
  key: Uint8Array;
  /** Flattened name (`properties.value`) and its column, made when a record first commits a value to it. */
  name: string;
  column: number;
  scope: Scope | null;
  /** Object instance it was last seen in (a repeated key goes the exact way). */
  seenIn: number;
}

/** The members of one object level (root, `properties.`, …), found by their key bytes without decoding them. */
class Scope {
  private readonly members: Member[] = [];
  constructor(readonly prefix: string) {}

  /** The member named by bytes [start, end) of `src`; `at` is its position in the object (records mostly repeat the order). */
  member(src: Uint8Array, start: number, end: number, at: number): Member {
    const hint = this.members[at];
    if (hint && sameBytes(hint.key, src, start, end)) return hint;
    for (const m of this.members) if (sameBytes(m.key, src, start, end)) return m;
    // Members are found by a scan: past the column limit stop at once (the exact way names the record).
    if (this.members.length >= JSON_MAX_COLUMNS) throw new JsonLimitError('too many columns', start);
    const key = src.slice(start, end);
    const m: Member = { key, name: this.prefix + DECODER.decode(key), column: -1, scope: null, seenIn: -1 };
    this.members.push(m);
    return m;
  }
}

function sameBytes(key: Uint8Array, src: Uint8Array, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let k = 0; k < key.length; k++) if (key[k] !== src[start + k]) return false;
  return true;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Thrown inside a line's scan: the line is read by the exact parser instead. */
const UNUSUAL = Symbol('unusual');

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
/** A JS object does not keep a `__proto__` member as a key: such a record goes the exact way. */
const PROTO = ENCODER.encode('__proto__');
const CONSTRUCTOR = ENCODER.encode('constructor');

/** JSON lines (UTF-8 bytes, BOM allowed) -> columns; null when the file is to be read the exact way. */
export function ndjsonColumns(bytes: Uint8Array): NdjsonColumns | null {
  const headers: string[] = [];
  const columns: Utf8Column[] = [];
  const columnIndex = new Map<string, number>();
  const columnOf = (name: string): number => {
    let i = columnIndex.get(name);
    if (i === undefined) {
      // Past the limit the exact way reads the file and names the record (read-json.ts).
      if (headers.length >= JSON_MAX_COLUMNS) throw new JsonLimitError('too many columns', 0);
      i = headers.length;
      columnIndex.set(name, i);
      headers.push(name);
      columns.push(new Utf8Column());
    }
    return i;
  };
  const root = new Scope('');
  let rows = new BigInt64Array(1024);
  let records = 0;
  let objects = 0;
  let nonAscii = 0;
  // Values of the line being scanned, committed when the whole line is plain: member, start, end.
  const pendingMembers: Member[] = [];
  let pending = new Int32Array(2 * 64);
  let npending = 0;
  const keep = (member: Member, start: number, end: number) => {
    if (2 * npending + 2 > pending.length) {
      const p = new Int32Array(pending.length * 2);
      p.set(pending);
      pending = p;
    }
    pendingMembers[npending] = member;
    pending[2 * npending] = start;
    pending[2 * npending + 1] = end;
    npending++;
  };
  const n = bytes.length;
  let i = 0;
  const ws = () => {
    while (i < n && isWs(bytes[i])) i++;
  };
  /** A string without escapes, i at its opening quote; returns the end of its contents. */
  const plainString = (): number => {
    let j = i + 1;
    for (; j < n; j++) {
      const c = bytes[j];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c === 0x0a) throw UNUSUAL;
      nonAscii |= c & 0x80;
    }
    if (j >= n) throw UNUSUAL;
    i = j + 1;
    return j;
  };
  /** JSON number grammar as json-exact.ts's NUMBER_RE. */
  const number = (): void => {
    if (bytes[i] === 0x2d) i++;
    if (bytes[i] === 0x30) i++;
    else if (isDigit(bytes[i]) && bytes[i] !== 0x30) while (isDigit(bytes[i])) i++;
    else throw UNUSUAL;
    if (bytes[i] === 0x2e) {
      i++;
      if (!isDigit(bytes[i])) throw UNUSUAL;
      while (isDigit(bytes[i])) i++;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (!isDigit(bytes[i])) throw UNUSUAL;
      while (isDigit(bytes[i])) i++;
    }
  };
  const literal = (word: Uint8Array): void => {
    for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word[k]) throw UNUSUAL;
    i += word.length;
  };
  const TRUE = ENCODER.encode('true');
  const FALSE = ENCODER.encode('false');
  const NULL = ENCODER.encode('null');
  /** An object's members, i at its '{'; values go to `pending`. */
  const object = (scope: Scope, depth = 1): void => {
    // Deeper than the exact parser follows: that parser refuses the line, naming it.
    if (depth > JSON_MAX_DEPTH) throw UNUSUAL;
    const self = objects++;
    i++;
    ws();
    if (bytes[i] === 0x7d) {
      i++;
      return;
    }
    for (let at = 0; ; at++) {
      if (bytes[i] !== QUOTE) throw UNUSUAL;
      const keyStart = i + 1;
      const keyEnd = plainString();
      // Integer-like keys come first in a JS object's order; such a record goes the exact way.
      if (keyEnd === keyStart || isDigit(bytes[keyStart]) || sameBytes(PROTO, bytes, keyStart, keyEnd)) throw UNUSUAL;
      if (scope === root && sameBytes(CONSTRUCTOR, bytes, keyStart, keyEnd)) throw UNUSUAL; // read-json.ts's record check looks at it
      const member = scope.member(bytes, keyStart, keyEnd, at);
      if (member.seenIn === self) throw UNUSUAL;
      member.seenIn = self;
      ws();
      if (bytes[i] !== 0x3a) throw UNUSUAL;
      i++;
      ws();
      const c = bytes[i];
      const start = i;
      if (c === QUOTE) {
        const end = plainString();
        keep(member, start + 1, end);
      } else if (c === 0x7b) {
        const j = i + 1;
        let k = j;
        while (k < n && isWs(bytes[k])) k++;
        if (bytes[k] === 0x7d) {
          i = k + 1;
          keep(member, -1, -1); // {} -> '{}'
        } else object((member.scope ??= new Scope(`${member.name}.`)), depth + 1);
      } else if (c === 0x74) {
        literal(TRUE);
        keep(member, start, i);
      } else if (c === 0x66) {
        literal(FALSE);
        keep(member, start, i);
      } else if (c === 0x6e) {
        literal(NULL);
        keep(member, -2, -2); // null
      } else {
        number();
        keep(member, start, i);
      }
      ws();
      if (bytes[i] === 0x2c) {
        i++;
        ws();
      } else if (bytes[i] === 0x7d) {
        i++;
        return;
      } else throw UNUSUAL;
    }
  };
  const EMPTY_OBJECT = ENCODER.encode('{}');
  /** Appends the scanned line's values; false when two of them fall on one column (`a.b` and `a: {b}`). */
  const commit = (): boolean => {
    for (let p = 0; p < npending; p++) {
      const m = pendingMembers[p];
      if (m.column < 0) m.column = columnOf(m.name);
      const col = columns[m.column];
      if (col.lastRecord === records) return false;
      col.lastRecord = records;
    }
    for (let p = 0; p < npending; p++) {
      const col = columns[pendingMembers[p].column];
      const start = pending[2 * p];
      if (start === -2) continue;
      if (start === -1) col.push(records, EMPTY_OBJECT, 0, 2);
      else col.push(records, bytes, start, pending[2 * p + 1]);
    }
    return true;
  };
  /** The line [start, end) read by the exact parser; false when it refuses it. */
  const exactLine = (start: number, end: number): boolean => {
    nonAscii = 1; // not scanned byte by byte: check the whole file's UTF-8
    let values: Record<string, string | null>;
    try {
      const line = DECODER.decode(bytes.subarray(start, end)).trim();
      const p = parseJsonExact(line);
      const v: JsonValue = p.value;
      if (p.end !== line.length || v === null || typeof v !== 'object' || Array.isArray(v) || v.constructor !== Object) return false;
      values = flattenRecord(v as { [key: string]: JsonValue });
    } catch {
      return false;
    }
    for (const [name, value] of Object.entries(values)) {
      const column = columns[columnOf(name)]; // a null member still names a column
      if (value === null) continue;
      const b = ENCODER.encode(value);
      column.push(records, b, 0, b.length);
    }
    return true;
  };

  let line = 0;
  let lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (lineStart < n) {
    line++;
    let lineEnd = bytes.indexOf(0x0a, lineStart);
    if (lineEnd < 0) lineEnd = n;
    i = lineStart;
    ws();
    if (i < lineEnd) {
      npending = 0;
      let plain = bytes[i] === 0x7b;
      if (plain) {
        try {
          object(root);
          ws();
          plain = i === lineEnd && commit();
        } catch (e) {
          if (e !== UNUSUAL) throw e;
          plain = false;
        }
      }
      // The first record decides the layout (one pretty-printed object, a Stripe list): exact way.
      if (!plain && (records === 0 || !exactLine(lineStart, lineEnd))) return null;
      if (records === rows.length) {
        const r = new BigInt64Array(rows.length * 2);
        r.set(rows);
        rows = r;
      }
      rows[records++] = BigInt(line);
    }
    lineStart = lineEnd + 1;
  }
  // Invalid UTF-8 is refused the exact way (TextDecoder's fatal check), with its message.
  if (nonAscii) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
  return { headers, rows: rows.subarray(0, records), vectors: columns.map((c) => c.vector(records)) };
}
