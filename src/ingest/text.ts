/**
 * Byte-level facts about an input file, decided from its first bytes before any SQL runs:
 * encoding (UTF-8 with or without BOM, UTF-16 LE/BE), whether it is text at all, and the
 * header record of a delimited file. Pure: works on Uint8Array in Node and the browser.
 */
import { UserError } from '../model/errors';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

/** How many leading bytes the detectors look at. */
export const HEAD_BYTES = 256 * 1024;

export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without BOM: every other byte is zero in ASCII-heavy text.
  if (head.length >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    const n = Math.min(head.length, 4096) & ~1;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZero++;
      if (head[i + 1] === 0) oddZero++;
    }
    if (oddZero > (n / 2) * 0.9 && evenZero === 0) return 'utf-16le';
    if (evenZero > (n / 2) * 0.9 && oddZero === 0) return 'utf-16be';
  }
  return 'utf-8';
}

export function isUtf16(enc: TextEncoding): enc is 'utf-16le' | 'utf-16be' {
  return enc === 'utf-16le' || enc === 'utf-16be';
}

/** UTF-16 (either byte order, BOM optional) -> UTF-8 bytes without BOM. */
export function transcodeUtf16(bytes: Uint8Array, enc: 'utf-16le' | 'utf-16be'): Uint8Array {
  const text = new TextDecoder(enc).decode(bytes); // TextDecoder drops the BOM itself.
  return new TextEncoder().encode(text);
}

/** True when the bytes cannot be a text export (NUL bytes or many control characters). */
export function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) control++;
  }
  return n > 0 && control / n > 0.05;
}

/** The 1-based line of the first byte sequence in `head` that is not UTF-8, or null. */
export function firstInvalidUtf8Line(head: Uint8Array): number | null {
  const end = trimToCharBoundary(head, head.length);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return null;
  } catch {
    // Find the offending line by decoding line by line.
    let line = 1;
    let start = 0;
    const dec = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i <= end; i++) {
      if (i === end || head[i] === 0x0a) {
        try {
          dec.decode(head.subarray(start, i));
        } catch {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return 1;
  }
}

/** Index <= n that does not cut a UTF-8 multi-byte sequence in half. */
function trimToCharBoundary(bytes: Uint8Array, n: number): number {
  if (n >= bytes.length) return bytes.length;
  let i = n;
  while (i > 0 && n - i < 4 && (bytes[i] & 0xc0) === 0x80) i--;
  return i;
}

/** Decodes the head as UTF-8 text without BOM (the tail may be a partial line). */
export function headText(head: Uint8Array): string {
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return new TextDecoder('utf-8').decode(head.subarray(start, trimToCharBoundary(head, head.length)));
}

/**
 * The first record of RFC 4180 text: fields split on `delim`, quotes honoured (a quoted field may
 * hold delimiters, doubled quotes and newlines). Returns null if the record does not end inside
 * `text` and `complete` is false.
 */
export function firstRecord(text: string, delim = ','): { fields: string[]; end: number } | null {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === delim) {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      fields.push(field);
      return { fields, end: i };
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) return null;
  fields.push(field);
  return { fields, end: text.length };
}

/** The delimiter other than ',' that the header line most likely uses, for hints. */
export function otherDelimiter(headerLine: string): string | null {
  const candidates = [';', '\t', '|'];
  let best: string | null = null;
  let bestCount = 0;
  for (const c of candidates) {
    const count = headerLine.split(c).length - 1;
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return bestCount > 0 ? best : null;
}

export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : `"${d}"`;
}

/** Header names must be unique (case-insensitively, as DuckDB treats them) and non-empty. */
export function checkHeaderNames(file: string, headers: readonly string[]): void {
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    if (h.trim() === '' && headers.length > 1) {
      throw new UserError(`${file}: row 0 (header), column ${i + 1}: expected a column name, got an empty one`, {
        file,
        row: 0,
        column: String(i + 1),
        expected: 'a column name',
      });
    }
    const key = h.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new UserError(
        `${file}: row 0 (header), column "${h}": expected unique column names, but columns ${first + 1} and ${i + 1} are both "${h}"`,
        { file, row: 0, column: h, expected: 'unique column names' },
      );
    }
    seen.set(key, i);
  });
}

/**
 * The bytes with every CRLF record end outside quotes made LF (CRLF inside quoted cells is cell
 * text and stays). DuckDB's strict CSV reader stops on a file mixing both ends ("state machine
 * reached an invalid state"); files concatenated from parts written on different systems do.
 */
export function normalizeLineEnds(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22)
      quoted = !quoted; // a doubled quote toggles twice
    else if (b === 0x0d && !quoted && bytes[i + 1] === 0x0a) continue;
    out[n++] = b;
  }
  return out.subarray(0, n);
}
