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
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Scans `chunks` (the file in order); stops at the first byte that makes the file not plain. */
export async function scanJsonBounds(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<JsonBounds> {
  let inString = false;
  let escape = false;
  let depth = 0;
  let hash = 0; // FNV-1a of the string being read, then of the last string closed
  let lastString = 0;
  let cr = false;
  let size = 0;
  let first = true; // before the first byte of a line that is not blank
  const keys = new Set<number>();
  // Path hash of the object open at each depth (0 at the root); a key's column is its parent's path + its name.
  const parent = new Int32Array(JSON_MAX_DEPTH + 2);
  let lastKey = 0;
  let verbatim = true;
  let records = 0;
  let inNumber = false;
  let prev = 0; // the previous byte outside strings that is not a space
  let lfs = 0;
  let last = 0x0a; // the file's last byte (an empty file has no line)
  const notPlain = (at: number): JsonBounds => ({ plain: false, size: size + at, cr, verbatim: false, records, lines: lfs });
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (inString) {
        if (escape) escape = false;
        else if (b === BACKSLASH) escape = true;
        else if (b === QUOTE) {
          inString = false;
          lastString = hash;
          prev = b;
        } else if (b < 0x20)
          return notPlain(i); // a raw newline or control byte: not valid JSON text
        else if (b >= 0x80) verbatim = false;
        hash = Math.imul(hash ^ b, FNV_PRIME);
        continue;
      }
      if (inNumber && !((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b)) {
        inNumber = false;
        if (b === 0x2e || b === 0x65 || b === 0x45) verbatim = false; // '.', 'e', 'E': a real
      }
      if (b === 0x20 || b === 0x09) continue;
      if ((b >= 0x30 && b <= 0x39) || b === 0x2d) {
        if (depth === 0) return notPlain(i); // a bare number line: not a record
        if (b === 0x30 && prev === 0x2d) verbatim = false; // -0
        inNumber = true;
        prev = b;
        continue;
      }
      if (b === 0x6e) verbatim = false; // 'n' outside strings: null
      if (b === 0x7d && prev === 0x7b) verbatim = false; // {}
      prev = b;
      switch (b) {
        case QUOTE:
          if (depth === 0) return notPlain(i); // a bare string line: not a record
          inString = true;
          hash = FNV_OFFSET;
          break;
        case 0x3a: // ':' after a key
          if (depth === 0) return notPlain(i);
          lastKey = Math.imul(parent[depth] ^ lastString, FNV_PRIME) ^ depth;
          if (!keys.has(lastKey)) {
            keys.add(lastKey);
            if (keys.size > JSON_MAX_COLUMNS) return notPlain(i);
          }
          break;
        case 0x7b: // '{'
          if (depth === 0) {
            if (!first) return notPlain(i); // a second record on the line
            first = false;
            records++;
          }
          if (++depth > JSON_MAX_DEPTH) return notPlain(i);
          parent[depth] = depth === 1 ? 0 : lastKey;
          break;
        case 0x5b: // '[': an array at the top level is a JSON array file, not lines
          if (depth === 0 || ++depth > JSON_MAX_DEPTH) return notPlain(i);
          parent[depth] = 0;
          break;
        case 0x7d: // '}'
        case 0x5d: // ']'
          if (--depth < 0) return notPlain(i);
          break;
        case 0x0a:
          if (depth !== 0) return notPlain(i); // an object across lines: a pretty-printed document
          first = true;
          lfs++;
          break;
        case 0x0d:
          cr = true;
          break;
        default:
          if (b < 0x20) return notPlain(i); // a control byte outside a string
          if (b >= 0x80) verbatim = false;
          // A value outside any object (a bare scalar line): not a record per line.
          if (depth === 0) return notPlain(i);
      }
    }
    size += chunk.length;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  const plain = depth === 0 && !inString;
  return { plain, size, cr, verbatim: plain && verbatim, records, lines: lfs + (last === 0x0a ? 0 : 1) };
}
