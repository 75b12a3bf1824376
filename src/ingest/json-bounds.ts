/**
 * One pass over a JSON lines file's bytes, before native DuckDB sees it: DuckDB's JSON type
 * detection crashes the process (segmentation fault) on nesting ~150,000 deep and grows without
 * bound on very wide records, so a file beyond the JS reader's limits (JSON_MAX_DEPTH levels,
 * JSON_MAX_COLUMNS distinct keys) or not plainly one object per line is left to the JS reader,
 * which refuses it with its one-line message naming the row. Strings are skipped byte by byte
 * (a bracket inside a string is text); keys are counted as hashes of their dotted path, so the
 * count is of distinct columns (and object keys) with no string built per key.
 */
import { JSON_MAX_COLUMNS, JSON_MAX_DEPTH } from './json-exact';

export interface JsonBounds {
  /** Within the limits, one object per line, no raw newline in a string: safe for DuckDB's reader. */
  plain: boolean;
  /** Bytes scanned: the whole file when `plain`, else up to the byte that stopped the scan. */
  size: number;
  /** A CR byte anywhere (DuckDB's line numbers count it, the JS reader's do not). */
  cr: boolean;
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
  const notPlain = (at: number): JsonBounds => ({ plain: false, size: size + at, cr });
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (inString) {
        if (escape) escape = false;
        else if (b === BACKSLASH) escape = true;
        else if (b === QUOTE) {
          inString = false;
          lastString = hash;
        } else if (b === 0x0a) return notPlain(i);
        hash = Math.imul(hash ^ b, FNV_PRIME);
        continue;
      }
      switch (b) {
        case QUOTE:
          inString = true;
          hash = FNV_OFFSET;
          break;
        case 0x3a: // ':' after a key
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
          break;
        case 0x0d:
          cr = true;
          break;
        default:
          // A value outside any object (a bare scalar line): not a record per line.
          if (depth === 0 && b !== 0x20 && b !== 0x09) return notPlain(i);
      }
    }
    size += chunk.length;
  }
  return { plain: depth === 0 && !inString, size, cr };
}
