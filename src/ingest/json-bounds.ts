/**
 * One pass over a JSON lines file's bytes, before native DuckDB sees it: DuckDB's JSON type
 * detection crashes the process (segmentation fault) on nesting ~150,000 deep and grows without
 * bound on very wide records, so a file beyond the JS reader's limits (JSON_MAX_DEPTH levels,
 * JSON_MAX_COLUMNS distinct keys) or not plainly one object per line is left to the JS reader,
 * which refuses it with its one-line message naming the row. Strings are skipped byte by byte
 * (a bracket inside a string is text); keys are counted as hashes of their dotted path, so the
 * count is of distinct columns (and object keys) with no string built per key. The same pass tells
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
   * independent 32-bit hashes of the dotted path (53 bits): a sample's layout with as many paths
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
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** The second hash: FNV-1a's scheme with another offset and multiplier (MurmurHash2's), independent of the first. */
const H2_OFFSET = 0x9747b28c;
const H2_PRIME = 0x5bd1e995;
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

/** Bytes that stop the skip over a string's body: the quote, the backslash, control bytes and non-ASCII. */
const STRING_STOP = new Uint8Array(256).map((_, b) => (b === QUOTE || b === BACKSLASH || b < 0x20 || b >= 0x80 ? 1 : 0));
/** Direct-mapped memo of key paths whose value kind is already counted: most keys repeat on every line. */
const SEEN_SLOTS = 1024;

/**
 * Scans `chunks` (the file in order); stops at the first byte that makes the file not plain. String
 * bodies are skipped in a tight loop up to the next byte that matters (`STRING_STOP`), hashed only
 * when the string may be a key (not right after a colon, where it is a value).
 */
export async function scanJsonBounds(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<JsonBounds> {
  let inString = false;
  let hashing = false; // the string being read may be a key
  let escape = false;
  let depth = 0;
  // Two hashes of the string being read, seeded with its parent's path, then of the last string closed
  let h1 = 0;
  let h2 = 0;
  let last1 = VALUE1;
  let last2 = VALUE2;
  let cr = false;
  let size = 0;
  let first = true; // before the first byte of a line that is not blank
  const keys = new Map<number, number>(); // key path -> kinds of its values (bits)
  const seen1 = new Int32Array(SEEN_SLOTS);
  const seen2 = new Int32Array(SEEN_SLOTS);
  const seenKinds = new Uint8Array(SEEN_SLOTS);
  let kinds = 0;
  let objects = 0;
  let arrays = false;
  // Path hashes of the object open at each depth (the offsets at the root); a key's path is its parent's + its name.
  const parent1 = new Int32Array(JSON_MAX_DEPTH + 2);
  const parent2 = new Int32Array(JSON_MAX_DEPTH + 2);
  parent1[1] = FNV_OFFSET;
  parent2[1] = H2_OFFSET;
  let key1 = 0; // the last key's path
  let key2 = 0;
  let pending = false; // a key's value has not started yet
  let verbatim = true;
  let records = 0;
  let inNumber = false;
  let prev = 0; // the previous byte outside strings that is not a space
  let lfs = 0;
  let last = 0x0a; // the file's last byte (an empty file has no line)
  const result = (plain: boolean, at: number): JsonBounds => ({
    plain,
    size: size + at,
    cr,
    verbatim: plain && verbatim,
    records,
    lines: plain ? lfs + (last === 0x0a ? 0 : 1) : lfs,
    paths: keys.size,
    kinds,
    objects,
    arrays,
  });
  for await (const chunk of chunks) {
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      let b: number;
      if (inString) {
        if (escape) {
          escape = false;
          b = chunk[i];
        } else {
          // Up to the next byte that matters, in one tight loop.
          if (hashing) {
            let a1 = h1;
            let a2 = h2;
            while (i < n && STRING_STOP[(b = chunk[i])] === 0) {
              a1 = Math.imul(a1 ^ b, FNV_PRIME);
              a2 = Math.imul(a2 ^ b, H2_PRIME);
              i++;
            }
            h1 = a1;
            h2 = a2;
          } else while (i < n && STRING_STOP[chunk[i]] === 0) i++;
          if (i === n) break;
          b = chunk[i];
          if (b === BACKSLASH) escape = true;
          else if (b === QUOTE) {
            inString = false;
            last1 = hashing ? h1 : VALUE1;
            last2 = hashing ? h2 : VALUE2;
            prev = b;
            continue;
          } else if (b < 0x20)
            return result(false, i); // a raw newline or control byte: not valid JSON text
          else verbatim = false; // not ASCII
        }
        if (hashing) {
          h1 = Math.imul(h1 ^ b, FNV_PRIME);
          h2 = Math.imul(h2 ^ b, H2_PRIME);
        }
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
        if (depth === 0) return result(false, i); // a bare number line: not a record
        if (b === 0x30 && prev === 0x2d) verbatim = false; // -0
        inNumber = true;
        prev = b;
        continue;
      }
      const before = prev;
      prev = b;
      switch (b) {
        case QUOTE:
          if (depth === 0) return result(false, i); // a bare string line: not a record
          inString = true;
          hashing = before !== 0x3a;
          // A key's path is its parent's then a NUL byte, which no string's bytes hold, then its bytes as written:
          // "a.b" at the top level is not the same path as "b" in "a".
          if (hashing) {
            h1 = Math.imul(parent1[depth], FNV_PRIME);
            h2 = Math.imul(parent2[depth], H2_PRIME);
          }
          break;
        case 0x3a: // ':' after a key
          if (depth === 0) return result(false, i);
          key1 = last1;
          key2 = last2;
          pending = true;
          if (keys.size === JSON_MAX_COLUMNS) {
            // At the limit: one more distinct path is past it.
            if (!keys.has((key1 >>> 0) * TWO_21 + (key2 >>> 11))) return result(false, i);
          }
          break;
        case 0x7b: // '{'
          if (depth === 0) {
            if (!first) return result(false, i); // a second record on the line
            first = false;
            records++;
          }
          if (++depth > JSON_MAX_DEPTH) return result(false, i);
          if (depth > 1) {
            // A key's value (after ':') continues its path; an object in an array, the array's.
            parent1[depth] = before === 0x3a ? key1 : parent1[depth - 1];
            parent2[depth] = before === 0x3a ? key2 : parent2[depth - 1];
          }
          break;
        case 0x5b: // '[': an array at the top level is a JSON array file, not lines
          if (depth === 0 || ++depth > JSON_MAX_DEPTH) return result(false, i);
          arrays = true;
          parent1[depth] = before === 0x3a ? key1 : parent1[depth - 1];
          parent2[depth] = before === 0x3a ? key2 : parent2[depth - 1];
          break;
        case 0x7d: // '}'
          if (before === 0x7b) verbatim = false; // {}
          if (--depth < 0) return result(false, i);
          break;
        case 0x5d: // ']'
          if (--depth < 0) return result(false, i);
          break;
        case 0x0a:
          if (depth !== 0) return result(false, i); // an object across lines: a pretty-printed document
          first = true;
          lfs++;
          break;
        case 0x0d:
          cr = true;
          break;
        case 0x6e: // 'n' outside strings: null
          verbatim = false;
          if (depth === 0) return result(false, i);
          break;
        default:
          if (b < 0x20) return result(false, i); // a control byte outside a string
          if (b >= 0x80) verbatim = false;
          // A value outside any object (a bare scalar line): not a record per line.
          if (depth === 0) return result(false, i);
      }
    }
    size += n;
    if (n) last = chunk[n - 1];
  }
  return result(depth === 0 && !inString, 0);
}
