/**
 * Tags split at their separators (src/ingest/tags.ts) against the exact member pattern: for random
 * Tags texts — simple compact and spaced objects, and ones with escapes, numbers, null, booleans,
 * odd spacing, separators inside values, empty keys — cost_tags gets the same rows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import { literal } from '../../../src/engine/sql';
import { explodeTagsSql } from '../../../src/ingest/tags';
import { createNodeEngine, type Engine } from './helpers';

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', ':', '{', '}', '-', '=', 'ü', '日', "'", '\\', '"'), maxLength: 8 });
const plain = text.filter((s) => !s.includes('"') && !s.includes('\\'));
const jsonValue = fc.oneof(
  { weight: 6, arbitrary: plain.map((s) => `"${s}"`) },
  { weight: 1, arbitrary: text.map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.constantFrom('12', '-1.5', 'true', 'null', '1e3') },
);
const sep = fc.constantFrom({ comma: ',', colon: ':' }, { comma: ', ', colon: ': ' }, { comma: ' ,', colon: ' : ' });
const tags = fc
  .oneof(
    { weight: 8, arbitrary: fc.tuple(sep, fc.array(fc.tuple(fc.oneof(plain, text), jsonValue), { maxLength: 4 })) },
    { weight: 1, arbitrary: fc.tuple(sep, fc.array(fc.tuple(plain, jsonValue), { maxLength: 4 })).map(([s, m]) => [s, m, true] as const) },
  )
  .map((t) => {
    const [s, members, mixed] = t as readonly [{ comma: string; colon: string }, [string, string][], boolean?];
    const body = members.map(([k, v], i) => `${JSON.stringify(k)}${mixed && i % 2 ? ':' : s.colon}${v}`).join(s.comma);
    return `{${body}}`;
  });
const cell = fc.oneof(
  { weight: 10, arbitrary: tags },
  { weight: 1, arbitrary: fc.constantFrom(null, '', '{}', '{"a":{"b":"c"}}', 'not json', '{"a":"b"') },
);

describe('tags split at separators equal the exact member pattern', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await ensureCanonicalTables(engine);
  });
  afterAll(async () => engine?.close());

  async function exploded(cells: readonly (string | null)[], exact: boolean) {
    await engine.exec('DELETE FROM cost_tags');
    const rows = cells.map((c, i) => `(${i + 1}, ${c === null ? 'NULL' : literal(c)})`).join(', ');
    await engine.exec(explodeTagsSql(`(VALUES ${rows}) t(id, "Tags")`, 'id', { exact }));
    return engine.query('SELECT line_id, key, value FROM cost_tags ORDER BY line_id, key, value');
  }

  it('gives the same cost_tags rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { minLength: 1, maxLength: 30 }), async (cells) => {
        expect(await exploded(cells, false)).toEqual(await exploded(cells, true));
      }),
      { numRuns: 40 },
    );
    // A lone comma as a value (found by this property) must not read as a member separator.
    expect(await exploded(['{"":",","":""}', '{"k": ", ", "j": ": "}'], false)).toEqual(
      await exploded(['{"":",","":""}', '{"k": ", ", "j": ": "}'], true),
    );
    const split = await exploded(['{"customer":"acme","sku":"a,b:c"}', '{"team": "data", "env": ""}'], false);
    expect(split).toEqual([
      { line_id: 1, key: 'customer', value: 'acme' },
      { line_id: 1, key: 'sku', value: 'a,b:c' },
      { line_id: 2, key: 'env', value: '' },
      { line_id: 2, key: 'team', value: 'data' },
    ]);
  });
});
