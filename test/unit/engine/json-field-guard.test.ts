/**
 * jsonFieldSql runs its pattern only on text that holds one of the quoted names: for any text the
 * guarded expression gives exactly what the pattern alone gives.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { literal } from '../../../src/engine/sql';
import { jsonFieldSql, jsonMemberPattern, type JsonValueShape } from '../../../src/engine/sql-json';

const NAMES = ['fingerprint', 'card_fingerprint', 'region', 'RegionId', 'a.b'];
/** Texts made of JSON-ish pieces: the names with and without quotes, separators, values, escapes. */
const piece = fc.constantFrom(
  ...NAMES,
  ...NAMES.map((n) => `"${n}"`),
  '"',
  ':',
  ': ',
  ',',
  '{',
  '}',
  '"x"',
  '12',
  '-3.5e2',
  'null',
  '\\"',
  ' ',
  'egion',
);
const text = fc.option(
  fc.array(piece, { maxLength: 14 }).map((p) => p.join('')),
  { nil: null },
);

describe('jsonFieldSql', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  it('gives what its pattern alone gives, for every text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(text, { minLength: 1, maxLength: 10 }),
        fc.subarray(NAMES, { minLength: 1 }),
        fc.constantFrom<JsonValueShape>('string', 'number', 'scalar'),
        async (texts, names, shape) => {
          const rows = texts.map((t, i) => `(${i}, ${t === null ? 'NULL' : literal(t)})`).join(', ');
          const got = await engine.query<{ a: string | null; b: string | null }>(
            `SELECT ${jsonFieldSql('v', names, shape)} AS a, NULLIF(regexp_extract(v, ${literal(jsonMemberPattern(names, shape))}, 1), '') AS b
             FROM (VALUES ${rows}) t(i, v) ORDER BY i`,
          );
          for (const r of got) expect(r.a).toBe(r.b);
        },
      ),
      { numRuns: 60 },
    );
  });
});
