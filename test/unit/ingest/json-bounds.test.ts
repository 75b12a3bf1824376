/**
 * The byte pre-scan that bounds what native DuckDB's JSON reader sees: plain JSON lines pass,
 * anything past the JS reader's limits (depth, distinct keys) or not one object per line does not,
 * wherever the chunks of the file happen to split.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJsonBounds } from '../../../src/ingest/json-bounds';
import { JSON_MAX_COLUMNS, JSON_MAX_DEPTH } from '../../../src/ingest/json-exact';
import { bytes } from './helpers';
import { referenceBounds } from './json-bounds-reference';

/** The scan of `text` whole and split into chunks of every size from 1 to 7 bytes: all must agree. */
async function scan(text: string) {
  const data = bytes(text);
  const whole = await scanJsonBounds([data]);
  for (let n = 1; n <= 7; n++) {
    const parts = Array.from({ length: Math.ceil(data.length / n) }, (_, i) => data.subarray(i * n, i * n + n));
    expect(await scanJsonBounds(parts)).toEqual(whole);
  }
  return whole;
}

const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('JSON lines pre-scan', () => {
  it('passes plain lines, brackets and quotes inside strings included', async () => {
    const text = '{"id":"t1","p":{"v":"[{\\"x\\":1}]"}}\n\n  {"id":"t2","p":{"v":"}}}"}}\n';
    expect(await scan(text)).toEqual({
      plain: true,
      size: bytes(text).length,
      cr: false,
      verbatim: true,
      records: 2,
      lines: 3,
      paths: 3,
      kinds: 3,
      objects: 1,
      arrays: false,
    });
    expect((await scan('{"a":1}\r\n{"a":2}')).cr).toBe(true);
    // Lines against records: the native reader numbers rows by record only when no line is blank.
    for (const [t, lines] of [
      ['{"a":1}\n{"a":2}', 2],
      ['{"a":1}\n{"a":2}\n', 2],
      ['{"a":1}\n\n{"a":2}\n', 3],
      ['{"a":1}\n{"a":2}\n\n', 3],
      ['', 0],
    ] as const)
      expect((await scan(t)).lines).toBe(lines);
  });

  it('stops at nesting past the limit, 150,000 deep as at the limit plus one', async () => {
    expect((await scan(nested(JSON_MAX_DEPTH))).plain).toBe(true);
    expect((await scan(nested(JSON_MAX_DEPTH + 1))).plain).toBe(false);
    expect((await scanJsonBounds([bytes('{"ok":1}\n' + nested(150_000))])).plain).toBe(false);
    expect((await scan('{"a":' + '['.repeat(JSON_MAX_DEPTH) + ']'.repeat(JSON_MAX_DEPTH) + '}')).plain).toBe(false);
  });

  it('counts distinct keys by their dotted path, across lines', async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `{"tag_${i}":"x"}`).join('\n');
    expect((await scanJsonBounds([bytes(lines(JSON_MAX_COLUMNS))])).plain).toBe(true);
    expect((await scanJsonBounds([bytes(lines(JSON_MAX_COLUMNS + 1))])).plain).toBe(false);
    // The same names under different parents are different columns.
    const wide = Array.from({ length: JSON_MAX_COLUMNS / 2 }, (_, i) => `"k${i}":1`).join(',');
    expect((await scanJsonBounds([bytes(`{"a":{${wide}},"b":{${wide}}}`)])).plain).toBe(false);
    expect((await scanJsonBounds([bytes(`{"a":{${wide}}}\n{"a":{${wide}}}`)])).plain).toBe(true);
  });

  it('counts key paths, the kinds of their values, object keys and arrays', async () => {
    const r = await scan('{"a":"1","b":{"c":2,"d":{"e":true}}}\n{"a":"2","b":{"c":3,"d":{"e":false}}}\n');
    expect([r.paths, r.kinds, r.objects, r.arrays]).toEqual([5, 5, 2, false]);
    // A key that is a string on one line and an object on another: one path, two kinds, and its object's key.
    expect(await scan('{"a":"x"}\n{"a":{"b":"1"}}')).toMatchObject({ paths: 2, kinds: 3, objects: 1 });
    // Mixed scalars are kinds too; the same name under another parent is another path, at any depth.
    expect(await scan('{"a":1}\n{"a":"1"}\n{"a":true}')).toMatchObject({ paths: 1, kinds: 3, objects: 0 });
    expect(await scan('{"a":{"a":{"a":"1"}},"b":{"a":"1"}}')).toMatchObject({ paths: 5, kinds: 5, objects: 3 });
    expect(await scan('{"a":[{"b":1}],"c":"[x]"}')).toMatchObject({ arrays: true, paths: 3 });
    expect((await scan('{"a":"[x]"}')).arrays).toBe(false);
    // Long keys split across chunks (scan splits every 1 to 7 bytes) hash as when whole.
    expect(await scan(`{"${'k'.repeat(1000)}":"1","${'k'.repeat(999)}":{"${'k'.repeat(1000)}":2}}`)).toMatchObject({ paths: 3, objects: 1 });
    // Many distinct keys: no two hashed alike.
    const wide = Array.from({ length: 1000 }, (_, i) => `"k${i}":{"v${i % 7}":1}`).join(',');
    expect(await scanJsonBounds([bytes(`{${wide}}`)])).toMatchObject({ plain: true, paths: 2000, kinds: 2000, objects: 1000 });
  });

  it('is verbatim only when every value is a string, an integer, a boolean or an object with keys, in ASCII', async () => {
    expect((await scan('{"a":-12,"b":true,"c":false,"d":{"e":"1.50 null {}"},"f":[1,"x"]}\n')).verbatim).toBe(true);
    for (const v of ['1.50', '1e3', '2E-1', '-0', 'null', '{}', '{ }', '"café"']) {
      const r = await scan(`{"a":1}\n{"a":${v}}`);
      expect(r.plain && !r.verbatim, v).toBe(true);
    }
  });

  it('leaves files that are not one object per line to the JS reader', async () => {
    for (const text of [
      '{"a":1} 2',
      '{"a":1}"x"',
      '{"a":1}:',
      '{"a":"\u0001"}',
      '[{"a":1}]',
      '{\n "a": 1\n}',
      '{"a":1}{"a":2}',
      '\ufeff{"a":1}',
      '{"a":"x\ny"}',
      '1\n',
      '{"a":1}}',
      '{"a":{"b":1}',
    ]) {
      expect((await scan(text)).plain, text).toBe(false);
    }
  });

  it('gives what a byte-at-a-time reference with key paths as strings gives, however the file is split (property)', async () => {
    const key = fc.constantFrom('a', 'b', 'a.b', '', 'k\\"q', 'x\\\\', 'é', 'ab', 'a\\u0062');
    const scalar = fc.constantFrom(
      '"x"',
      '""',
      '"a\\"b"',
      '"\\\\"',
      '"é"',
      '"[{"',
      '1',
      '-0',
      '-12',
      '1.5',
      '1e3',
      '2E-1',
      'true',
      'false',
      'null',
      '[]',
      '[1,"x",{"a":1}]',
      '{}',
      '{ }',
    );
    const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, scalar, tie('o') as fc.Arbitrary<string>),
      o: fc
        .array(fc.tuple(key, tie('v') as fc.Arbitrary<string>, fc.constantFrom('', ' ')), { maxLength: 3 })
        .map((kv) => '{' + kv.map(([k, v, sp]) => `"${k}"${sp}:${sp}${v}`).join(',') + '}'),
    })).v;
    const noise = fc.constantFrom('', '', '', '\n', '\r', '\t', ' ', ':', '"', '{', '}', '[', ']', ',', 'n', '\u0001', '5', '"a":');
    const line = fc.tuple(value, noise, fc.nat(40)).map(([v, n, at]) => (n ? v.slice(0, at) + n + v.slice(at) : v));
    const file = fc.tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\n\n'), fc.boolean());
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.nat(200), { maxLength: 4 }), async ([ls, sep, end], cuts) => {
        const data = bytes(ls.join(sep) + (end ? sep : ''));
        const at = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        const parts = [0, ...at].map((from, i) => data.subarray(from, i < at.length ? at[i] : data.length));
        expect(await scanJsonBounds(parts)).toEqual(referenceBounds([data]));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells a dotted key apart from the same name nested', async () => {
    expect(await scan('{"a.b":"1","a":{"c":"1"}}\n{"a":{"b":"1"}}')).toMatchObject({ paths: 4, kinds: 4 });
    expect(await scan('{"a":{"b":{"c":"1"}}}\n{"a":{"b.c":"1"}}')).toMatchObject({ paths: 4 });
  });
});
