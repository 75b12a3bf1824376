/**
 * JSON lines read straight from bytes (src/ingest/ndjson-columns.ts) against the exact parser
 * (parseJsonRecords + flattenRecord): for random files of plain and unusual lines (escapes,
 * arrays, nested and repeated keys, integer-like and dotted keys, odd whitespace, CRLF, BOM,
 * blank and broken lines, invalid UTF-8), the staged Arrow columns are the same value for value,
 * or the same refusal with the same message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrow } from '../../../src/engine/arrow';
import { ndjsonColumns } from '../../../src/ingest/ndjson-columns';
import { jsonColumns } from '../../../src/ingest/read-json';

/** Headers, row count and every staged cell, or the refusal's message. */
function outcome(bytes: Uint8Array, exact: boolean): unknown {
  try {
    const c = jsonColumns('events.ndjson', bytes, exact);
    const t = arrow.tableFromIPC(c.ipc());
    const cells = t.schema.fields.map((f) => [
      f.name,
      Array.from(t.getChild(f.name)!.toArray() as ArrayLike<unknown>, (v) => (v == null ? null : String(v))),
    ]);
    return { headers: c.headers, rows: c.rows, cells };
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

const ws = fc.constantFrom('', '', '', ' ', '\t', '  ');
const key = fc.constantFrom('id', 'value', 'code', 'a', 'a.b', 'b', 'properties', 'x y', 'ü', 'é.k', '1', '07', '__proto__', 'constructor', '');
const plainText = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '.', ',', ':', '{', '}', '[', 'ü', '日', '😀', "'", '\t') });
const escapedText = fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', '\u2028', 'a', '/') }).map((s) => JSON.stringify(s));
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const number = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.oneof(
      fc.constant('0'),
      digits(0, 25).map((d) => '1' + d),
    ),
    fc.option(digits(1, 20)),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3))),
  )
  .map(([sign, whole, frac, exp]) => `${sign}${whole}${frac === null ? '' : '.' + frac}${exp === null ? '' : exp.join('')}`);
const scalar = fc.oneof(
  { weight: 5, arbitrary: plainText.map((s) => `"${s}"`) },
  { weight: 1, arbitrary: escapedText },
  { weight: 4, arbitrary: number },
  { weight: 2, arbitrary: fc.constantFrom('true', 'false', 'null') },
);
const { value } = fc.letrec<{ value: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 8, arbitrary: scalar },
    { weight: 2, arbitrary: tie('object') },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }).map((a) => `[${a.join(',')}]`) },
  ),
  object: fc
    .array(fc.tuple(ws, key, ws, tie('value'), ws), { maxLength: 5 })
    .map((members) => `{${members.map(([w1, k, w2, v, w3]) => `${w1}"${k}"${w2}:${w1}${v}${w3}`).join(',')}}`),
}));
const record = value.filter((v) => v.startsWith('{'));
const oddLine = fc.constantFrom(
  '',
  '  ',
  '\r',
  '[1, 2]',
  '"text"',
  '{"a": 1} x',
  '{"a": 012}',
  '{"a": tru}',
  '{"a": 1',
  '\u00a0{"a": 1}',
  '{"a":1}\u00a0',
);
const line = fc.oneof({ weight: 12, arbitrary: record }, { weight: 1, arbitrary: oddLine });

const encode = (text: string) => new TextEncoder().encode(text);
const file = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
  .map(([lines, eol, bom, lastEol]) => encode(`${bom ? '\ufeff' : ''}${lines.join(eol)}${lastEol ? eol : ''}`));

/** Plain Lago-like events: the fast path reads them without the exact parser. */
const plainEvent = fc
  .record({
    id: plainText,
    code: fc.constantFrom('api_calls', 'storage_gb'),
    ts: number,
    value: fc.oneof(
      number,
      plainText.map((s) => `"${s}"`),
    ),
    region: fc.option(plainText),
  })
  .map(
    (e) =>
      `{"transaction_id":"${e.id}","code":"${e.code}","timestamp":${e.ts},"properties":{"value":${e.value}${e.region === null ? '' : `,"region":"${e.region}"`}}}`,
  );

describe('JSON lines from bytes equal the exact parser', () => {
  it('gives the same columns, or the same refusal, for plain and unusual lines', () => {
    fc.assert(
      fc.property(file, (bytes) => {
        expect(outcome(bytes, false)).toEqual(outcome(bytes, true));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses invalid UTF-8 with the exact message, wherever it is', () => {
    fc.assert(
      fc.property(fc.array(plainEvent, { minLength: 1, maxLength: 5 }), fc.nat(), (events, at) => {
        const good = encode(events.join('\n'));
        const bad = new Uint8Array([...good.subarray(0, at % good.length), 0xff, ...good.subarray(at % good.length)]);
        expect(outcome(bad, false)).toEqual(outcome(bad, true));
      }),
      { numRuns: 100 },
    );
  });

  it('reads plain events from bytes (no exact parser), nested members as dotted columns', () => {
    fc.assert(
      fc.property(fc.array(plainEvent, { minLength: 1, maxLength: 10 }), (events) => {
        const bytes = encode(events.join('\n') + '\n');
        expect(ndjsonColumns(bytes)).not.toBeNull();
        expect(outcome(bytes, false)).toEqual(outcome(bytes, true));
      }),
      { numRuns: 200 },
    );
    const c = ndjsonColumns(encode('{"code":"a","properties":{"value":1.50}}\n\n{"code":"b","properties":{}}'))!;
    expect(c.headers).toEqual(['code', 'properties.value', 'properties']);
    expect(Array.from(c.rows)).toEqual([1n, 3n]);
    expect(c.vectors.map((v) => v.toArray())).toEqual([
      ['a', 'b'],
      ['1.50', null],
      [null, '{}'],
    ]);
  });
});
