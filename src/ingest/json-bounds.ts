/**
 * One pass over a JSON lines file's bytes, before native DuckDB sees it: DuckDB's JSON type
 * detection crashes the process (segmentation fault) on nesting ~150,000 deep and grows without
 * bound on very wide records, so a file beyond the JS reader's limits (JSON_MAX_DEPTH levels,
 * JSON_MAX_COLUMNS distinct keys) or not plainly one object per line is left to the JS reader,
 * which refuses it with its one-line message naming the row. Strings are skipped whole (a bracket
 * inside a string is text); keys are counted as hashes of their path (the parent's, then the key),
 * so the count is of distinct columns (and object keys) with no string built per key, and of the
 * kinds of their values, for the native reader to trust a sample's layout. The same pass tells
 * whether every value is text DuckDB gives back verbatim (`verbatim`), so the native reader can
 * skip its own scan for numbers it would print differently.
 */
import { JSON_MAX_COLUMNS, JSON_MAX_DEPTH } from './json-exact';

export interface JsonBounds {
  /** Within the limits, one object per line, no raw newline in a string: safe for DuckDB's reader. */
  plain: boolean;
  /** Bytes scanned: the whole file when `plain`, else up to the byte that stopped the scan. */
  size: number;
  /** A CR byte anywhere (DuckDB's line numbers count it, the JS reader's do not). */
  cr: boolean;
  /**
   * ASCII only, and every value a string, an integer (no `-0`), true, false or an object with
   * keys: no real, exponent, null or `{}` a reader could render otherwise. Meaningful when `plain`.
   */
  verbatim: boolean;
  /** Records (top-level objects) seen. */
  records: number;
  /** Lines (LF-terminated, and a last one without its LF): equal to `records` when no line is blank. */
  lines: number;
  /**
   * Distinct key paths (every key at every depth, an object's key included), told apart by two
   * independent 32-bit hashes of the path (53 bits kept): a sample's layout with as many paths
   * as the file's has them all. Keys are counted as written (an escape makes another key).
   */
  paths: number;
  /** Distinct (key path, kind of its value) pairs, kinds being object, string, number, literal and array: `paths` when no key mixes kinds. */
  kinds: number;
  /** Key paths with an object as value somewhere. */
  objects: number;
  /** An array anywhere. */
  arrays: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Seeds of a top-level key's two path hashes. */
const SEED1 = 0x811c9dc5;
const SEED2 = 0x9747b28c;
const TWO_21 = 2 ** 21;
/** The path a ':' after a value string (invalid JSON) or before any string gives: one no key's hashes make but by chance. */
const VALUE1 = 0x5f3759df;
const VALUE2 = 0x2545f491;

/** Kinds of a key's value, as bits. */
export const KIND_OBJECT = 1;
const KIND_STRING = 2;
const KIND_NUMBER = 4;
const KIND_LITERAL = 8;
const KIND_ARRAY = 16;

/** The kind of a value from its first byte. */
export function kindOf(b: number): number {
  if (b === 0x7b) return KIND_OBJECT;
  if (b === QUOTE) return KIND_STRING;
  if (b === 0x5b) return KIND_ARRAY;
  return (b >= 0x30 && b <= 0x39) || b === 0x2d ? KIND_NUMBER : KIND_LITERAL;
}

/** Bytes of a key crossing from one chunk into the next, gathered to be hashed whole. */
class Carry {
  bytes = new Uint8Array(256);
  length = 0;
  add(src: Uint8Array, from: number, to: number): void {
    const end = this.length + to - from;
    if (end > this.bytes.length) {
      const b = new Uint8Array(Math.max(end, this.bytes.length * 2));
      b.set(this.bytes.subarray(0, this.length));
      this.bytes = b;
    }
    this.bytes.set(src.subarray(from, to), this.length);
    this.length = end;
  }
}

/**
 * The two hashes of a key path: its parent's (`seed1`, `seed2`) and its bytes `c[from, to)` as
 * written, four at a time: MurmurHash3's x86_32 rounds for the first, the same shape with other
 * constants (and a rotation the first does not use) for the second. Sets HASH1 and HASH2.
 */
let HASH1 = 0;
let HASH2 = 0;
function hashKey(c: Uint8Array, from: number, to: number, seed1: number, seed2: number): void {
  let a = seed1;
  let z = seed2;
  let j = from;
  for (; j + 4 <= to; j += 4) {
    const w = c[j] | (c[j + 1] << 8) | (c[j + 2] << 16) | (c[j + 3] << 24);
    let k = Math.imul(w, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    let q = Math.imul(w, 0x85ebca77);
    q = Math.imul((q << 11) | (q >>> 21), 0xc2b2ae3d);
    z ^= q;
    z = (Math.imul((z << 17) | (z >>> 15), 9) + 0x7feb352d) | 0;
  }
  if (j < to) {
    let w = c[j];
    if (j + 1 < to) w |= c[j + 1] << 8;
    if (j + 2 < to) w |= c[j + 2] << 16;
    let k = Math.imul(w, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    let q = Math.imul(w, 0x85ebca77);
    q = Math.imul((q << 11) | (q >>> 21), 0xc2b2ae3d);
    z ^= q;
  }
  a ^= to - from;
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  HASH1 = a ^ (a >>> 16);
  z ^= to - from;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d);
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39);
  HASH2 = z ^ (z >>> 15);
}

/** Bytes that stop the skip over a string's body: the quote, the backslash, control bytes and non-ASCII. */
const STRING_STOP = new Uint8Array(256).map((_, b) => (b === QUOTE || b === BACKSLASH || b < 0x20 || b >= 0x80 ? 1 : 0));
/** Direct-mapped memo of key paths whose value kind is already counted: most keys repeat on every line. */
const SEEN_SLOTS = 1024;

/** The pre-scan's state between chunks. */
class BoundsScan {
  inString = false;
  hashing = false; // the string being read may be a key
  escape = false;
  depth = 0;
  start = 0; // where the string being read starts in the chunk (its bytes before it are in `carry`)
  readonly carry = new Carry();
  // The two path hashes of the last string closed
  last1 = VALUE1;
  last2 = VALUE2;
  cr = false;
  size = 0;
  first = true; // before the first byte of a line that is not blank
  readonly keys = new Map<number, number>(); // key path -> kinds of its values (bits)
  readonly seen1 = new Int32Array(SEEN_SLOTS);
  readonly seen2 = new Int32Array(SEEN_SLOTS);
  readonly seenKinds = new Uint8Array(SEEN_SLOTS);
  kinds = 0;
  objects = 0;
  arrays = false;
  // Path hashes of the object open at each depth (the seeds at the root); a key's path is its parent's + its name.
  readonly parent1 = new Int32Array(JSON_MAX_DEPTH + 2).fill(SEED1, 1, 2);
  readonly parent2 = new Int32Array(JSON_MAX_DEPTH + 2).fill(SEED2, 1, 2);
  key1 = 0; // the last key's path
  key2 = 0;
  pending = false; // a key's value has not started yet
  verbatim = true;
  records = 0;
  inNumber = false;
  prev = 0; // the previous byte outside strings that is not a space
  lfs = 0;
  last = 0x0a; // the file's last byte (an empty file has no line)

  result(plain: boolean, at: number): JsonBounds {
    return {
      plain,
      size: this.size + at,
      cr: this.cr,
      verbatim: plain && this.verbatim,
      records: this.records,
      lines: plain ? this.lfs + (this.last === 0x0a ? 0 : 1) : this.lfs,
      paths: this.keys.size,
      kinds: this.kinds,
      objects: this.objects,
      arrays: this.arrays,
    };
  }
}

/**
 * Scans `chunks` (the file in order); stops at the first byte that makes the file not plain. String
 * bodies are skipped in a tight loop up to the next byte that matters (`STRING_STOP`), hashed only
 * when the string may be a key (not right after a colon, where it is a value).
 * The state is in locals while a chunk is scanned (a plain function, faster than the async loop).
 */
export async function scanJsonBounds(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<JsonBounds> {
  const st = new BoundsScan();
  for await (const chunk of chunks) {
    const stop = scanChunk(st, chunk);
    if (stop >= 0) return st.result(false, stop);
    st.size += chunk.length;
    if (chunk.length) st.last = chunk[chunk.length - 1];
  }
  return st.result(st.depth === 0 && !st.inString, 0);
}

/** Scans one chunk: the index of the byte that makes the file not plain, else -1. */
function scanChunk(st: BoundsScan, chunk: Uint8Array): number {
  let {
    inString,
    hashing,
    escape,
    depth,
    start,
    last1,
    last2,
    cr,
    first,
    kinds,
    objects,
    arrays,
    key1,
    key2,
    pending,
    verbatim,
    records,
    inNumber,
    prev,
    lfs,
  } = st;
  const { carry, keys, seen1, seen2, seenKinds, parent1, parent2 } = st;
  let stop = -1;
  const n = chunk.length;
  scan: for (let i = 0; i < n; i++) {
    let b: number;
    if (inString) {
      if (escape) {
        escape = false; // the escaped byte, whatever it is
        continue;
      }
      // Up to the next byte that matters, in one tight loop.
      while (i < n && STRING_STOP[chunk[i]] === 0) i++;
      if (i === n) break;
      b = chunk[i];
      if (b === BACKSLASH) escape = true;
      else if (b === QUOTE) {
        inString = false;
        if (!hashing) {
          last1 = VALUE1;
          last2 = VALUE2;
        } else {
          if (carry.length) {
            carry.add(chunk, start, i);
            hashKey(carry.bytes, 0, carry.length, parent1[depth], parent2[depth]);
            carry.length = 0;
          } else hashKey(chunk, start, i, parent1[depth], parent2[depth]);
          last1 = HASH1;
          last2 = HASH2;
        }
        prev = b;
      } else if (b < 0x20) {
        stop = i;
        break scan;
      } // a raw newline or control byte: not valid JSON text
      else verbatim = false; // not ASCII
      continue;
    }
    b = chunk[i];
    if (inNumber && !((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b)) {
      inNumber = false;
      if (b === 0x2e || b === 0x65 || b === 0x45) verbatim = false; // '.', 'e', 'E': a real
    }
    if (b === 0x20 || b === 0x09) continue;
    if (pending) {
      // The first byte of a key's value: its kind, counted once per key path.
      pending = false;
      const kind = kindOf(b);
      const slot = key1 & (SEEN_SLOTS - 1);
      if (seen1[slot] !== key1 || seen2[slot] !== key2 || (seenKinds[slot] & kind) === 0) {
        const path = (key1 >>> 0) * TWO_21 + (key2 >>> 11);
        const had = keys.get(path) ?? 0;
        if (!(had & kind)) {
          keys.set(path, had | kind);
          kinds++;
          if (kind === KIND_OBJECT) objects++;
        }
        seen1[slot] = key1;
        seen2[slot] = key2;
        seenKinds[slot] = had | kind;
      }
    }
    if ((b >= 0x30 && b <= 0x39) || b === 0x2d) {
      if (depth === 0) {
        stop = i;
        break scan;
      } // a bare number line: not a record
      // The number's run of digits, signs ('+' too) in one loop; the byte after it is looked at next.
      let p = prev;
      for (;;) {
        if (b === 0x30 && p === 0x2d) verbatim = false; // -0
        p = b;
        if (++i === n) break;
        b = chunk[i];
        if (!((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b)) break;
      }
      i--;
      inNumber = true;
      prev = p;
      continue;
    }
    const before = prev;
    prev = b;
    switch (b) {
      case QUOTE:
        if (depth === 0) {
          stop = i;
          break scan;
        } // a bare string line: not a record
        inString = true;
        hashing = before !== 0x3a;
        start = i + 1;
        carry.length = 0;
        break;
      case 0x3a: // ':' after a key
        if (depth === 0) {
          stop = i;
          break scan;
        }
        key1 = last1;
        key2 = last2;
        pending = true;
        if (keys.size === JSON_MAX_COLUMNS) {
          // At the limit: one more distinct path is past it.
          if (!keys.has((key1 >>> 0) * TWO_21 + (key2 >>> 11))) {
            stop = i;
            break scan;
          }
        }
        break;
      case 0x7b: // '{'
        if (depth === 0) {
          if (!first) {
            stop = i;
            break scan;
          } // a second record on the line
          first = false;
          records++;
        }
        if (++depth > JSON_MAX_DEPTH) {
          stop = i;
          break scan;
        }
        if (depth > 1) {
          // A key's value (after ':') continues its path; an object in an array, the array's.
          parent1[depth] = before === 0x3a ? key1 : parent1[depth - 1];
          parent2[depth] = before === 0x3a ? key2 : parent2[depth - 1];
        }
        break;
      case 0x5b: // '[': an array at the top level is a JSON array file, not lines
        if (depth === 0 || ++depth > JSON_MAX_DEPTH) {
          stop = i;
          break scan;
        }
        arrays = true;
        parent1[depth] = before === 0x3a ? key1 : parent1[depth - 1];
        parent2[depth] = before === 0x3a ? key2 : parent2[depth - 1];
        break;
      case 0x7d: // '}'
        if (before === 0x7b) verbatim = false; // {}
        if (--depth < 0) {
          stop = i;
          break scan;
        }
        break;
      case 0x5d: // ']'
        if (--depth < 0) {
          stop = i;
          break scan;
        }
        break;
      case 0x0a:
        if (depth !== 0) {
          stop = i;
          break scan;
        } // an object across lines: a pretty-printed document
        first = true;
        lfs++;
        break;
      case 0x0d:
        cr = true;
        break;
      case 0x6e: // 'n' outside strings: null
        verbatim = false;
        if (depth === 0) {
          stop = i;
          break scan;
        }
        break;
      default:
        if (b < 0x20) {
          stop = i;
          break scan;
        } // a control byte outside a string
        if (b >= 0x80) verbatim = false;
        // A value outside any object (a bare scalar line): not a record per line.
        if (depth === 0) {
          stop = i;
          break scan;
        }
    }
  }
  if (inString) {
    // A string going on in the next chunk: a key's bytes so far are kept to be hashed whole.
    if (hashing) carry.add(chunk, start, n);
    start = 0;
  }
  st.inString = inString;
  st.hashing = hashing;
  st.escape = escape;
  st.depth = depth;
  st.start = start;
  st.last1 = last1;
  st.last2 = last2;
  st.cr = cr;
  st.first = first;
  st.kinds = kinds;
  st.objects = objects;
  st.arrays = arrays;
  st.key1 = key1;
  st.key2 = key2;
  st.pending = pending;
  st.verbatim = verbatim;
  st.records = records;
  st.inNumber = inNumber;
  st.prev = prev;
  st.lfs = lfs;
  return stop;
}
