/**
 * The fraud rules' JSON field reads skip the regular expression on text that holds none of the
 * field names (jsonField): on any text, that gives what the expression alone gives.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { jsonFieldSql } from '../../../src/engine/sql-json';
import { jsonField } from '../../../src/analysis/fraud/common';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());

const NAMES = [
  ['region', 'region_id', 'RegionId'],
  ['instance_type', 'instanceType', 'machine_type'],
  ['ip', 'ip_address', 'client_ip', 'source_ip'],
];
// Pieces of JSON-like text: the names quoted and not, near misses, separators and values.
const piece = fc.constantFrom(
  ...NAMES.flat().flatMap((n) => [`"${n}"`, n, `"${n}x"`, `"x${n}"`, `"${n}":`, `"${n}" : `, `"${n.toUpperCase()}"`]),
  '{',
  '}',
  ',',
  ':',
  ' ',
  '"',
  '"eu-west-1"',
  '12.5',
  'true',
  'null',
  '"m5.xlarge"',
  '"10.0.0.1"',
  '""',
);
const text = fc.option(
  fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
  { freq: 10 },
);

describe('fraud JSON fields', () => {
  it('the guarded read equals the regular expression on any text', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(...NAMES), async (t, names) => {
        const [r] = await engine.query(
          `SELECT ${jsonField('x', names)} AS fast, ${jsonFieldSql('x', names, 'scalar')} AS checked FROM (SELECT CAST(? AS VARCHAR) AS x)`,
          [t],
        );
        expect(r.fast).toBe(r.checked);
      }),
      { numRuns: 400 },
    );
  });
});
