/**
 * A small JSON parser that keeps numbers as their source text. JSON.parse turns 0.1234567890123456789
 * into a binary double, which would corrupt money; here a number stays the exact digits written.
 * No json extension is needed (DuckDB-wasm has none offline).
 */

export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Nesting the parser follows: billing and cost records nest a few levels; a hostile file nested
 * 100,000 deep would exhaust the stack. Past this depth the parse stops at once.
 */
export const JSON_MAX_DEPTH = 64;

/**
 * Distinct (flattened) columns a JSON file may have: real exports have tens to a few hundred; a
 * file with tens of thousands of distinct keys would stage as many columns (minutes, gigabytes).
 */
export const JSON_MAX_COLUMNS = 2000;

/** A document that is valid JSON but beyond the reader's limits (depth): never retried as another shape. */
export class JsonLimitError extends JsonSyntaxError {}

/** A parsed object: no prototype, so keys such as `constructor`, `__proto__` or `toString` are plain data. */
export type JsonObject = { [key: string]: JsonValue };

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS_RE = /[ \t\n\r]*/y;

export function parseJsonExact(text: string, start = 0): { value: JsonValue; end: number } {
  let i = start;
  const ws = () => {
    WS_RE.lastIndex = i;
    WS_RE.exec(text);
    i = WS_RE.lastIndex;
  };
  const fail = (what: string): never => {
    const got = i >= text.length ? 'end of input' : JSON.stringify(text.slice(i, i + 12));
    throw new JsonSyntaxError(`expected ${what}, got ${got}`, i);
  };
  const str = (): string => {
    // Find the closing quote, then let JSON.parse handle escapes in the (short) string.
    let j = i + 1;
    let escaped = false;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x5c) {
        escaped = true;
        j++;
      } else if (c === 0x22) break;
    }
    if (j >= text.length) fail('a closing "');
    const raw = text.slice(i, j + 1);
    i = j + 1;
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };
  /** Items separated by commas up to `close` (the opening bracket is at i). */
  const sequence = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === close) {
        i++;
        return;
      } else fail(`"," or "${close}"`);
    }
  };
  let depth = 0;
  const nested = (open: () => JsonValue): JsonValue => {
    if (++depth > JSON_MAX_DEPTH) throw new JsonLimitError(`expected at most ${JSON_MAX_DEPTH} levels of nested objects and arrays, got deeper`, i);
    const v = open();
    depth--;
    return v;
  };
  const object = (): JsonValue => {
    const obj: JsonObject = Object.create(null);
    sequence('}', () => {
      ws();
      if (text[i] !== '"') fail('a quoted key');
      const k = str();
      ws();
      if (text[i] !== ':') fail('":"');
      i++;
      obj[k] = value();
    });
    return obj;
  };
  const array = (): JsonValue => {
    const arr: JsonValue[] = [];
    sequence(']', () => arr.push(value()));
    return arr;
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') return nested(object);
    if (c === '[') return nested(array);
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    NUMBER_RE.lastIndex = i;
    const m = NUMBER_RE.exec(text);
    if (m) {
      i = NUMBER_RE.lastIndex;
      return new JsonNumber(m[0]);
    }
    return fail('a JSON value');
  };
  const v = value();
  ws();
  return { value: v, end: i };
}

/** JSON text of a value, numbers written exactly as they were read. */
export function stringifyExact(v: JsonValue): string {
  if (v === null) return 'null';
  if (v instanceof JsonNumber) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(stringifyExact).join(',') + ']';
  return (
    '{' +
    Object.entries(v)
      .map(([k, x]) => JSON.stringify(k) + ':' + stringifyExact(x))
      .join(',') +
    '}'
  );
}

/**
 * Flattens one record: nested objects become dotted columns (`usage.amount`), arrays stay JSON
 * text (`credits`, `labels`), scalars become their text (numbers exact, null -> null).
 */
export function flattenRecord(v: JsonObject, prefix = '', out: Record<string, string | null> = Object.create(null)) {
  for (const [k, x] of Object.entries(v)) {
    const name = prefix + k;
    if (x === null) out[name] = null;
    else if (x instanceof JsonNumber) out[name] = x.text;
    else if (typeof x === 'string') out[name] = x;
    else if (typeof x === 'boolean') out[name] = x ? 'true' : 'false';
    else if (Array.isArray(x)) out[name] = stringifyExact(x);
    else if (Object.keys(x).length === 0) out[name] = '{}';
    else flattenRecord(x, name + '.', out);
  }
  return out;
}
