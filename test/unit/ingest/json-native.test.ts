/**
 * The native JSON lines reader gives exactly what the exact JS reader gives (same columns, same
 * text in every cell, same `__row`), or hands the file to the JS reader; plain usage exports take
 * the native path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredFileName, type Engine } from '../../../src/engine/engine';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { jsonReader } from '../../../src/ingest/read-json';
import { nativeJsonPlan, nativeJsonReader } from '../../../src/ingest/read-json-native';
import { scanJsonBounds } from '../../../src/ingest/json-bounds';
import { HEAD_BYTES } from '../../../src/ingest/text';
import { bytes, errorOf, loadText } from './helpers';

let engine: Engine;
beforeAll(async () => {
  engine = await createNativeEngine({ memoryLimit: '512MB', threads: 2 });
});
afterAll(async () => engine?.close());

let seq = 0;
async function planOf(text: string) {
  const name = registeredFileName(`plan_${++seq}.ndjson`);
  const data = bytes(text);
  await engine.registerFile(name, { kind: 'buffer', data });
  try {
    return await nativeJsonPlan(engine, name, await scanJsonBounds([data]));
  } finally {
    await engine.dropFile(name);
  }
}

/** Headers (sorted) and rows (by __row) a reader stages for `text`. */
async function staged(reader: typeof jsonReader, text: string) {
  const data = bytes(text);
  const prepared = await reader.prepare(engine, { file: 'f.ndjson', source: { kind: 'buffer', data }, head: data.subarray(0, HEAD_BYTES) });
  try {
    const raw = await prepared.stage({ nullStrings: [''] });
    const rows = await engine.query(`SELECT * FROM ${raw.relation} ORDER BY "__row"`);
    return { headers: [...prepared.headers].sort(), rows: rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))) };
  } finally {
    await prepared.dispose();
  }
}

describe('native JSON lines reader', () => {
  it('reads a Lago events export and the demo CloudEvents natively', async () => {
    const lago = [1, 2, 3]
      .map(
        (i) =>
          `{"transaction_id":"t${i}","external_subscription_id":"sub_${i}","code":"api_calls","timestamp":1709251200.${i}25,"properties":{"value":"${i}.5","region":"eu"}}`,
      )
      .join('\n');
    expect((await planOf(lago))?.headers).toEqual([
      'transaction_id',
      'external_subscription_id',
      'code',
      'timestamp',
      'properties.value',
      'properties.region',
    ]);
    const demo = readFileSync(path.resolve(__dirname, '../../../samples/demo/usage_cloudevents.ndjson'), 'utf8');
    expect(await planOf(demo)).not.toBeNull();
  });

  it.each([
    ['an exponent', '{"a":1e3}'],
    ['a trailing zero', '{"a":1.50}'],
    ['17 significant digits', '{"a":0.12345678901234567}'],
    ['an array value', '{"a":[1,2]}'],
    ['an empty object', '{"a":{}}'],
    ['an object null on another line', '{"a":{"x":"1"}}\n{"a":null}'],
    ['a JSON array file', '[{"a":"1"}]'],
    ['invalid JSON', '{"a":"1"}\n{"a":'],
  ])('leaves %s to the exact reader', async (_what, text) => {
    expect(await planOf(text)).toBeNull();
  });

  it('gives the JS reader cell for cell, or defers to it (property)', async () => {
    const key = fc.constantFrom('a', 'b', 'id', 'Value', 'data');
    const scalar = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('é', 'a"b', 'x\\y', 'tab\there', '\u2028'),
      fc.integer({ min: -1e9, max: 1e9 }).map(String),
      fc.constantFrom(
        '0',
        '1.5',
        '0.1',
        '-12.25',
        '9007199254740993',
        '1709251200.125',
        '-0',
        '1.50',
        '1e3',
        '1E-7',
        '0.00001',
        '123456789.123456789',
        '3.0',
      ),
      fc.boolean(),
      fc.constant(null),
    );
    const num = (v: unknown) => typeof v === 'string' && /^-?\d/.test(v) && !/[^0-9.eE+-]/.test(v);
    const jsonOf = (v: unknown): string =>
      v === null || typeof v === 'boolean'
        ? String(v)
        : num(v)
          ? (v as string)
          : typeof v === 'string'
            ? JSON.stringify(v)
            : jsonObj(v as Record<string, unknown>);
    const jsonObj = (o: Record<string, unknown>): string =>
      '{' +
      Object.entries(o)
        .map(([k, v]) => `${JSON.stringify(k)}:${jsonOf(v)}`)
        .join(',') +
      '}';
    const record = fc.dictionary(key, fc.oneof(scalar, fc.dictionary(key, scalar, { maxKeys: 3 })), { minKeys: 1, maxKeys: 4 });
    const file = fc.array(fc.tuple(record, fc.constantFrom('\n', '\n', '\n', '\n', '\n\n', ' \n', '\r\n')), { minLength: 1, maxLength: 4 });
    let native = 0;
    await fc.assert(
      fc.asyncProperty(file, async (recs) => {
        const text = recs.map(([r, end]) => jsonObj(r) + end).join('');
        if (await planOf(text).catch(() => null)) native++;
        let js;
        try {
          js = await staged(jsonReader, text);
        } catch (e) {
          // The JS reader refuses: the native reader must refuse the same way.
          await expect(staged(nativeJsonReader, text)).rejects.toThrow((e as Error).message);
          return;
        }
        expect(await staged(nativeJsonReader, text)).toEqual(js);
      }),
      // Seeded: the count of files the native path takes depends on the draw.
      { numRuns: 150, seed: 20261201 },
    );
    expect(native, 'files read on the native path').toBeGreaterThan(10);
  }, 60_000);

  it.each([['{"a":"0"}\n{"id":false}\r\n{"data":{"a":""}}\n'], ['{"a":"-0"}\n{"a":-0}\n'], ['{"a":1.5}\n\n{"b":{"c":true}}']])(
    'gives the JS reader cell for cell on %j',
    async (text) => {
      expect(await staged(nativeJsonReader, text)).toEqual(await staged(jsonReader, text));
    },
  );

  describe('layout from a sample', () => {
    // Past DuckDB's default sample (20,480 records): what only a late line shows is unseen by the sample.
    const N = 30_000;
    const lines = (late: Record<number, string>, line = (i: number) => `{"id":"${i}","p":{"v":${i}}}`) =>
      Array.from({ length: N }, (_, i) => late[i + 1] ?? line(i + 1)).join('\n') + '\n';

    /** The reader's staging queries whose type detection went over every record. */
    async function wholeFileDetections(text: string): Promise<number> {
      const query = engine.query.bind(engine);
      let n = 0;
      engine.query = ((sql: string, ...rest: unknown[]) => {
        if (sql.includes('sample_size = -1')) n++;
        return (query as (...a: unknown[]) => unknown)(sql, ...rest);
      }) as typeof engine.query;
      try {
        await planOf(text);
      } finally {
        engine.query = query;
      }
      return n;
    }

    it('takes the layout from the sample when it holds every key', async () => {
      const text = lines({});
      expect(await wholeFileDetections(text)).toBe(0);
      expect((await planOf(text))?.headers).toEqual(['id', 'p.v']);
      expect(await staged(nativeJsonReader, text)).toEqual(await staged(jsonReader, text));
    }, 60_000);

    it.each([
      ['a key only on a late line', { 29_000: '{"id":"x","p":{"v":1,"late":"yes"}}' }],
      ['a key a string in the sample and an object later', { 29_000: '{"id":"x","p":{"v":{"w":"1"}}}' }],
      ['a key an object in the sample and a string later', { 29_000: '{"id":"x","p":"text"}' }],
      ['a key a number in the sample and a string and a boolean later', { 29_000: '{"id":"x","p":{"v":"1"}}', 29_500: '{"id":"y","p":{"v":true}}' }],
      ['an array only on a late line', { 29_000: '{"id":"x","p":{"v":[1]}}' }],
    ])(
      'detects over every record on %s, as without a sample',
      async (_what, late) => {
        const text = lines(late);
        expect(await wholeFileDetections(text)).toBe(1);
        const plan = await planOf(text);
        if (plan) expect(await staged(nativeJsonReader, text)).toEqual(await staged(jsonReader, text));
        else await expect(staged(nativeJsonReader, text)).resolves.toEqual(await staged(jsonReader, text));
      },
      60_000,
    );

    it('gives the late key its column and mixed kinds to the JS reader', async () => {
      expect((await planOf(lines({ 29_000: '{"id":"x","p":{"v":1,"late":"yes"}}' })))?.headers).toEqual(['id', 'p.v', 'p.late']);
      expect(await planOf(lines({ 29_000: '{"id":"x","p":{"v":"1"}}', 29_500: '{"id":"y","p":{"v":true}}' }))).toBeNull();
      expect(await planOf(lines({ 29_000: '{"id":"x","p":"text"}' }))).toBeNull();
      expect(await planOf(lines({ 29_000: '{"id":"x","p":{"v":{"w":"1"}}}' }))).toBeNull();
    }, 60_000);

    it('keeps, in the JS reader too, the value of a key first seen thousands of lines in', async () => {
      const { rows } = await staged(jsonReader, lines({ 5000: '{"id":"x","p":{"v":1,"late":"yes"}}' }));
      expect(rows.filter((r) => r.includes('"yes"'))).toEqual([
        JSON.stringify(
          [
            ['__row', 5000n],
            ['id', 'x'],
            ['p.late', 'yes'],
            ['p.v', '1'],
          ],
          (_k, v) => (typeof v === 'bigint' ? Number(v) : v),
        ),
      ]);
    }, 60_000);

    it('refuses invalid JSON past the sample as the JS reader does', async () => {
      const text = lines({ 29_000: '{"id":"x","p":{"v":1 2}}' });
      expect(await planOf(text)).not.toBeNull();
      await expect(staged(nativeJsonReader, text)).rejects.toThrow(/^f\.ndjson: row 29000: invalid JSON/);
      await expect(staged(jsonReader, text)).rejects.toThrow(/^f\.ndjson: row 29000: invalid JSON/);
    }, 60_000);
  });

  it.each([['{"a":"1","A":"2"}\n'], ['{"a":"1"}\n{"A":"2"}\n'], ['{"p":{"a":"1"}}\n{"p":{"A":"2"}}\n']])(
    'refuses keys differing only in case as the JS reader does, not reading the second as a column no record has: %j',
    async (text) => {
      const refusal = await staged(jsonReader, text).then(
        () => null,
        (e: Error) => e.message,
      );
      if (refusal === null) expect(await staged(nativeJsonReader, text)).toEqual(await staged(jsonReader, text));
      else await expect(staged(nativeJsonReader, text)).rejects.toThrow(refusal);
    },
  );

  it('refuses a bad line as the JS reader does', async () => {
    const text = '{"id":"1","source":"s","type":"t","time":"2024-03-01T00:00:00Z"}\n{"id":"2",\n';
    expect(await errorOf(loadText(engine, 'bad.ndjson', text))).toMatch(/^bad\.ndjson: row 2: invalid JSON/);
  });
});
