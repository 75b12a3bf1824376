/**
 * The ingest fast paths against the checked paths they stand in for, on the real Node engine:
 * for random cells of every shape (plain integers and decimals of every length, signs, spaces,
 * exponents, junk, Unix seconds with and without fractions, ISO timestamps with and without
 * offsets or zone names), the fast expression gives exactly
 * the checked one's value, and refuses exactly the cells it refuses, with the same message.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal } from '../../../src/engine/sql';
import { MONEY } from '../../../src/model/schema';
import {
  cellError,
  currencyCode,
  decimal,
  decimalChecked,
  epochSql,
  parseCellError,
  text,
  timestamp,
  timestampChecked,
} from '../../../src/ingest/sql';
import { knownCurrencies } from '../../../src/model/money';
import { isoTimestampSql } from '../../../src/ingest/sql/timestamp';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { createNodeEngine, type Engine } from './helpers';

/** Each cell's outcome under `expr` (a value as text, or the refusal it stops with). */
async function outcomes(engine: Engine, expr: string, cells: readonly (string | null)[]): Promise<string[]> {
  const run = async (list: readonly (string | null)[]) => {
    const rows = list.map((c, i) => `(${i + 1}, ${c === null ? 'NULL' : literal(c)})`).join(', ');
    const got = await engine.query<{ r: string | null }>(`SELECT CAST(${expr} AS VARCHAR) AS r FROM (VALUES ${rows}) t("__row", v) ORDER BY "__row"`);
    return got.map((g) => String(g.r));
  };
  try {
    return await run(cells);
  } catch {
    // Some cell is refused: which one, and with what message (each cell alone is row 1).
    return Promise.all(
      cells.map((c) =>
        run([c]).then(
          ([r]) => r,
          (e: Error) => `refused ${JSON.stringify(parseCellError(e.message) ?? e.message.split('\n')[0])}`,
        ),
      ),
    );
  }
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
/** Plain integers and decimals around the fast paths' 18 + 18 digit limits, sometimes signed or padded. */
const plainNumber = fc
  .tuple(fc.constantFrom('', '', '-', '+'), digits(0, 21), fc.option(digits(0, 21), { nil: undefined }), fc.constantFrom('', '', '', ' '))
  .map(([sign, whole, frac, pad]) => `${pad}${sign}${whole}${frac === undefined ? '' : '.' + frac}${pad}`);
const scientific = fc.tuple(digits(1, 3), digits(0, 3), fc.integer({ min: -20, max: 20 })).map(([w, f, e]) => `${w}${f ? '.' + f : ''}e${e}`);
const junk = fc.constantFrom('x', '', '1.2.3', '--1', '1 000', 'NaN', '0x1F', '١٢', '12,5', '99999999999999999999999');
/** The edges of BIGINT and of the fast paths' digit counts. */
const edge = fc.constantFrom(
  '999999999999999999',
  '-999999999999999999',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '99999999999999999999',
  '999999999999999999.999999999999999999',
  '0.9999999999999999995',
  '-0',
  '-0.0',
  '00',
);
/** Plain decimals around the DECIMAL(18,10) path's limits (8 whole digits, 10 decimals). */
const nearSmallPath = fc.tuple(fc.constantFrom('', '-'), digits(1, 10), digits(1, 13)).map(([sign, whole, frac]) => `${sign}${whole}.${frac}`);
const decimalCell = fc.oneof(
  { weight: 6, arbitrary: plainNumber },
  { weight: 3, arbitrary: nearSmallPath },
  { weight: 1, arbitrary: edge },
  { weight: 1, arbitrary: scientific },
  { weight: 1, arbitrary: junk },
);

/** Unix seconds (up to 13 digits: milliseconds too), fractions of any length, and near misses. */
const epochCell = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(digits(1, 13), fc.option(digits(0, 9), { nil: undefined })).map(([s, f]) => (f === undefined ? s : `${s}.${f}`)) },
  { weight: 1, arbitrary: fc.constantFrom('-1709251203', '1709251203 ', '1.7e9', '17092512O3', '.5', '5.', '99999999999', '9999999999999999999999') },
);

describe('ingest fast paths give exactly what the checked paths give', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  for (const type of [MONEY, 'DECIMAL(38,12)']) {
    it(`decimal() as ${type}: integers through BIGINT, decimals as two halves, the rest through the checked cast`, async () => {
      const fast = decimal('v', { type });
      const exact = decimalChecked('v', text('v'), { type });
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(decimalCell, fc.constant(null)), { minLength: 1, maxLength: 12 }), async (cells) => {
          expect(await outcomes(engine, fast, cells)).toEqual(await outcomes(engine, exact, cells));
        }),
        { numRuns: 25 },
      );
    });
  }

  it('currencyCode() accepts exactly the known codes in any case and refuses the rest naming the cell', async () => {
    const known = knownCurrencies();
    const near = fc.constantFrom('US', 'USDD', 'U SD', 'XXX', 'usd ', ' eur', '', 'U.D', 'USD|EUR', '|', 'US.', 'ÜSD');
    const cell = fc.oneof(
      fc.constantFrom(...known),
      fc.constantFrom(...known.map((c) => c.toLowerCase())),
      near,
      fc.stringMatching(/^[A-Za-z]{2,4}$/),
    );
    const exact = `CASE WHEN upper(${text('v')}) IN (${known.map(literal).join(', ')}) THEN upper(${text('v')}) ELSE ${cellError('v', text('v'), 'an ISO 4217 currency code such as USD, EUR, JPY')} END`;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(cell, fc.constant(null)), { minLength: 1, maxLength: 12 }), async (cells) => {
        expect(await outcomes(engine, currencyCode('v'), cells)).toEqual(await outcomes(engine, exact, cells));
      }),
      { numRuns: 40 },
    );
  });

  it('Unix seconds through BIGINT (microsecond fractions as integers) equal the DECIMAL(38,6) reading, refusals included', async () => {
    const refuse = `ELSE ${cellError('v', 'v', 'Unix seconds')} END`;
    const fast = `CASE WHEN v IS NULL THEN NULL ${epochSql('v')}${refuse}`;
    const exact =
      `CASE WHEN v IS NULL THEN NULL WHEN regexp_full_match(v, '[0-9]{12,}') THEN make_timestamp(CAST(v AS BIGINT) * 1000) ` +
      `WHEN regexp_full_match(v, '[0-9]{1,11}(\\.[0-9]+)?') THEN make_timestamp(CAST(CAST(v AS DECIMAL(38,6)) * 1000000 AS BIGINT)) ${refuse}`;
    await fc.assert(
      fc.asyncProperty(fc.array(epochCell, { minLength: 1, maxLength: 12 }), async (cells) => {
        expect(await outcomes(engine, fast, cells)).toEqual(await outcomes(engine, exact, cells));
      }),
      { numRuns: 25 },
    );
  });
});

/** ISO dates and timestamps as exports write them, with every offset and zone-name form, and near misses. */
const two = (max: number) => fc.tuple(fc.integer({ min: 0, max }), fc.boolean()).map(([n, pad]) => String(n).padStart(pad ? 2 : 1, '0'));
const isoCell = fc
  .tuple(
    fc.constantFrom('2024', '1999', '0001', '9999'),
    fc.constantFrom('-', '/'),
    two(13),
    two(32),
    fc.option(
      fc.tuple(fc.constantFrom('T', ' ', 't'), two(24), two(60), fc.option(two(61), { nil: undefined }), fc.option(digits(0, 9), { nil: undefined })),
      {
        nil: undefined,
      },
    ),
    fc.constantFrom(
      '',
      '',
      'Z',
      'Z',
      'z',
      '+02:00',
      '-05:30',
      '-0530',
      '+02',
      '+00',
      '-00:00',
      ' UTC',
      ' utc',
      ' GMT',
      ' EST',
      ' America/New_York',
      ' Etc/GMT+2',
      ' America/Port-au-Prince',
      ' (BC)',
      ' BC',
      'ZZ',
      ' ',
      'x',
    ),
  )
  .map(([y, sep, m, d, time, suffix]) => {
    const t = time ? `${time[0]}${time[1]}:${time[2]}${time[3] === undefined ? '' : ':' + time[3]}${time[4] === undefined ? '' : '.' + time[4]}` : '';
    return `${y}${sep}${m}${sep}${d}${t}${suffix}`;
  });

describe.each([
  ['wasm', () => createNodeEngine()],
  ['native', () => createNativeEngine({ memoryLimit: '512MB', threads: 1 })],
])('ISO timestamps on the %s engine', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(async () => engine?.close());

  it('text without an offset cast to TIMESTAMP equals the TIMESTAMPTZ reading; offsets and zone names still go through TIMESTAMPTZ', async () => {
    const exact = `CAST(TRY_CAST(v AS TIMESTAMPTZ) AS TIMESTAMP)`;
    // The reference reads each cell alone: native DuckDB's TIMESTAMPTZ cast lets a zone name carry over
    // to the plain cells after it in the same vector (2024-01-01 after "... America/Port-au-Prince" read as 05:00).
    const alone = async (cells: string[]) => (await Promise.all(cells.map((c) => outcomes(engine, exact, [c])))).flat();
    await fc.assert(
      fc.asyncProperty(fc.array(isoCell, { minLength: 1, maxLength: 12 }), async (cells) => {
        expect(await outcomes(engine, isoTimestampSql('v'), cells)).toEqual(await alone(cells));
      }),
      { numRuns: 25 },
    );
  });

  it.each([
    ['ISO only', {}],
    ['a locale format decided', { dates: { v: 'M/D/YYYY' as const } }],
    ['Unix seconds too', { epoch: true }],
  ])('timestamp() (%s): a plain ISO cell cast once gives what the checked expression gives, refusals included', async (_label, opts) => {
    const fast = timestamp('v', opts);
    const exact = timestampChecked('v', opts);
    const other = fc.constantFrom(
      '',
      '  ',
      ' 2024-03-01',
      '2024-03-01 ',
      '1709251203',
      '4/1/2025',
      '2024-02-30',
      '2024-13-01T00:00:00Z',
      '2024-03-01T25:00:00',
      '0',
      '99999999999',
      '999999999999',
      '1709251203.5',
      ' 1709251203',
      '-5',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof({ weight: 4, arbitrary: isoCell }, { weight: 2, arbitrary: epochCell }, { weight: 1, arbitrary: other }, fc.constant(null)),
          { minLength: 1, maxLength: 8 },
        ),
        async (cells) => {
          // Each cell alone, as above: a zone name's carry-over within a vector is not the fast path's to match.
          const alone = async (expr: string) => (await Promise.all(cells.map((c) => outcomes(engine, expr, [c])))).flat();
          expect(await alone(fast)).toEqual(await alone(exact));
        },
      ),
      { numRuns: 12 },
    );
  });
});
