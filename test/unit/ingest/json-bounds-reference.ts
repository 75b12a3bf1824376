/**
 * A straightforward reference for scanJsonBounds: one byte at a time, key paths as strings (the
 * parent's path, a NUL, the key's bytes as written) in a Map, no hashing, no skipping.
 */
import { kindOf, KIND_OBJECT, type JsonBounds } from '../../../src/ingest/json-bounds';
import { JSON_MAX_COLUMNS, JSON_MAX_DEPTH } from '../../../src/ingest/json-exact';

export function referenceBounds(chunks: Uint8Array[]): JsonBounds {
  let inString = false;
  let escape = false;
  let depth = 0;
  let str = ''; // the path of the string being read: its parent's, a NUL, its bytes as written
  let keyish = false; // not right after a colon: may be a key
  let lastString = '\u0001'; // no key yet: the path a value string gives
  let cr = false;
  let size = 0;
  let first = true;
  const keys = new Map<string, number>();
  let kinds = 0;
  let objects = 0;
  let arrays = false;
  const parent: string[] = ['', ''];
  let key = '';
  let pending = false;
  let verbatim = true;
  let records = 0;
  let inNumber = false;
  let prev = 0;
  let lfs = 0;
  let last = 0x0a;
  const result = (plain: boolean, at: number): JsonBounds => {
    const counts = { records, lines: lfs + (plain && last !== 0x0a ? 1 : 0), paths: keys.size, kinds, objects, arrays };
    return { plain, size: size + at, cr, verbatim: plain && verbatim, ...counts };
  };
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (inString) {
        if (escape) escape = false;
        else if (b === 0x5c) escape = true;
        else if (b === 0x22) {
          inString = false;
          lastString = keyish ? str : '\u0001'; // a value string: the path no key has
          prev = b;
          continue;
        } else if (b < 0x20) return result(false, i);
        else if (b >= 0x80) verbatim = false;
        str += String.fromCharCode(b);
        continue;
      }
      if (inNumber && !(isDigit(b) || b === 0x2d || b === 0x2b)) {
        inNumber = false;
        if (b === 0x2e || b === 0x65 || b === 0x45) verbatim = false;
      }
      if (b === 0x20 || b === 0x09) continue;
      if (pending) {
        pending = false;
        const kind = kindOf(b);
        const had = keys.get(key) ?? 0;
        if (!(had & kind)) {
          keys.set(key, had | kind);
          kinds++;
          if (kind === KIND_OBJECT) objects++;
        }
      }
      if (isDigit(b) || b === 0x2d) {
        if (depth === 0) return result(false, i);
        if (b === 0x30 && prev === 0x2d) verbatim = false;
        inNumber = true;
        prev = b;
        continue;
      }
      if (b === 0x6e) verbatim = false;
      if (b === 0x7d && prev === 0x7b) verbatim = false;
      const before = prev;
      prev = b;
      if (b === 0x22) {
        if (depth === 0) return result(false, i);
        inString = true;
        keyish = before !== 0x3a;
        str = `${parent[depth]}\u0000`; // a key's path: its object's then its bytes
      } else if (b === 0x3a) {
        if (depth === 0) return result(false, i);
        key = lastString;
        pending = true;
        if (keys.size >= JSON_MAX_COLUMNS && !keys.has(key)) return result(false, i);
      } else if (b === 0x7b || b === 0x5b) {
        if (depth === 0) {
          if (b === 0x5b || !first) return result(false, i);
          first = false;
          records++;
        }
        if (++depth > JSON_MAX_DEPTH) return result(false, i);
        if (b === 0x5b) arrays = true;
        if (depth > 1) parent[depth] = before === 0x3a ? key : parent[depth - 1];
      } else if (b === 0x7d || b === 0x5d) {
        if (--depth < 0) return result(false, i);
      } else if (b === 0x0a) {
        if (depth !== 0) return result(false, i);
        first = true;
        lfs++;
      } else if (b === 0x0d) cr = true;
      else {
        if (b < 0x20) return result(false, i);
        if (b >= 0x80) verbatim = false;
        if (depth === 0) return result(false, i);
      }
    }
    size += chunk.length;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  return result(depth === 0 && !inString, 0);
}
