/**
 * Property test of the ingest expressions (src/ingest/sql) on the real Node engine: random valid
 * cells of each declared type — decimal money, integer minor units, ISO timestamps, ISO and
 * declared locale dates — round-trip exactly, and random invalid ones are refused naming the
 * cell (sql/cell-error.ts), never read as some other value.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal } from '../../../src/engine/sql';
import { minorToMajor, money, parseCellError, timestamp, type LocaleDateFormat } from '../../../src/ingest/sql';
import { MONEY_WHOLE_DIGITS } from '../../../src/ingest/sql/money';
import { formatDecimal, parseDecimal } from '../../../src/model/money';
import { createNodeEngine, type Engine } from './helpers';

const SCALE = 18;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** One query over cells (row numbers from 1), the expression's value per row as text. */
async function evaluate(engine: Engine, expr: string, cells: string[]): Promise<string[]> {
  const rows = cells.map((c, i) => `(${i + 1}, ${literal(c)})`).join(', ');
  const got = await engine.query<{ r: string | null }>(`SELECT CAST(${expr} AS VARCHAR) AS r FROM (VALUES ${rows}) t("__row", v) ORDER BY "__row"`);
  return got.map((g) => String(g.r));
}

/** The cell must be refused: a cell error naming row 1, column v and the trimmed value. */
async function expectRefused(engine: Engine, expr: string, cell: string): Promise<void> {
  let value: string | undefined;
  try {
    value = (await evaluate(engine, expr, [cell]))[0];
  } catch (e) {
    const err = parseCellError((e as Error).message);
    expect(err, (e as Error).message).toMatchObject({ row: 1, column: 'v', value: cell.trim() });
    return;
  }
  expect.fail(`${JSON.stringify(cell)} was read as ${value}`);
}

/** An unscaled value at 18 decimals, written plainly or in scientific notation. */
function renderDecimal(v: bigint, sci: boolean): string {
  if (!sci || v === 0n) return formatDecimal(v, SCALE).replace(/\.?0+$/, '') || '0';
  let digits = (v < 0n ? -v : v).toString();
  let k = 0;
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    k++;
  }
  return `${v < 0n ? '-' : ''}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}E${digits.length - 1 + k - SCALE}`;
}

/** Junk that makes any number, date or timestamp invalid wherever it lands inside the cell. */
const junk = fc.constantFrom('x', ',', '$', '%', '#', '?', '€', '١', 'O', ';', '..');
const spliced = (valid: fc.Arbitrary<string>) =>
  fc.tuple(valid, junk, fc.nat()).map(([v, j, at]) => {
    const i = 1 + (at % Math.max(1, v.length - 1));
    return v.slice(0, i) + j + v.slice(i);
  });

const MONEY_LIMIT = 10n ** BigInt(MONEY_WHOLE_DIGITS + SCALE); // 15 whole digits at 18 decimals: sums fit DECIMAL(38,18)
const moneyCell = fc.record({ v: fc.bigInt({ min: -MONEY_LIMIT + 1n, max: MONEY_LIMIT - 1n }), sci: fc.boolean(), pad: fc.constantFrom('', ' ') });

const CENTS_LIMIT = 10n ** BigInt(MONEY_WHOLE_DIGITS + 2); // cents of amounts under 1e15 (the money bound)
const centsCell = fc.record({ v: fc.bigInt({ min: -CENTS_LIMIT + 1n, max: CENTS_LIMIT - 1n }), zeros: fc.constantFrom('', '.0', '.00') });

// Years 1000-9999 (four digits, as FOCUS and every ISO writer write them), microseconds.
const MIN_MS = Date.UTC(1000, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999) - 14 * 3600_000;
const instant = fc.record({
  ms: fc.integer({ min: MIN_MS + 14 * 3600_000, max: MAX_MS }),
  micros: fc.integer({ min: 0, max: 999 }),
  offsetMin: fc.constantFrom(0, 60, -300, 330, 840, -720),
  zone: fc.constantFrom('Z', 'offset', 'none', ' UTC'),
  sep: fc.constantFrom('T', ' '),
  fraction: fc.boolean(),
});

/** The instant written in local time at its offset, as the writer would. */
function renderInstant(i: { ms: number; micros: number; offsetMin: number; zone: string; sep: string; fraction: boolean }): {
  cell: string;
  utcMicros: bigint;
} {
  const offset = i.zone === 'offset' ? i.offsetMin : 0;
  const local = new Date(i.ms + offset * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const frac = i.fraction ? `.${pad(local.getUTCMilliseconds(), 3)}${pad(i.micros, 3)}` : '';
  const sign = offset < 0 ? '-' : '+';
  const zone =
    i.zone === 'offset' ? `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}` : i.zone === 'none' ? '' : i.zone;
  const ms = i.fraction ? i.ms : i.ms - (((i.ms % 1000) + 1000) % 1000);
  return { cell: `${date}${i.sep}${time}${frac}${zone}`, utcMicros: BigInt(ms) * 1000n + (i.fraction ? BigInt(i.micros) : 0n) };
}

/** A calendar day (as days since 1970-01-01) in years `from`..`to`. */
const day = (from: number, to: number) => fc.integer({ min: Date.UTC(from, 0, 1) / 86_400_000, max: Date.UTC(to, 11, 31) / 86_400_000 });

function renderLocale(days: number, f: LocaleDateFormat, sep: string): string {
  const d = new Date(days * 86_400_000);
  const [m, dd, y] = [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCFullYear()];
  const year = f.endsWith('YYYY') ? String(y) : pad(y % 100);
  return f.startsWith('M') ? `${m}${sep}${dd}${sep}${year}` : `${dd}${sep}${m}${sep}${year}`;
}
const isoDay = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

describe('ingest cells: valid round-trip exactly, invalid are refused', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  const micros = (expr: string) => `epoch_us(${expr})`;

  it('decimal money (plain or scientific, up to 18 decimals, 15 whole digits)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(moneyCell, { minLength: 1, maxLength: 40 }), async (cells) => {
        const got = await evaluate(
          engine,
          money('v'),
          cells.map((c) => c.pad + renderDecimal(c.v, c.sci) + c.pad),
        );
        expect(got.map((g) => parseDecimal(g, SCALE))).toEqual(cells.map((c) => c.v));
      }),
      { numRuns: 40 },
    );
    const tooBig = fc.bigInt({ min: MONEY_LIMIT, max: MONEY_LIMIT * 1000n }).map((v) => renderDecimal(v, false));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          spliced(moneyCell.map((c) => renderDecimal(c.v, c.sci))),
          tooBig,
          fc.constantFrom('NaN', 'Infinity', '-inf', '1e', '--1', '1.2.3', '0x1F', '1 000', '1,000.50', '1_000.50'),
        ),
        async (cell) => {
          await expectRefused(engine, money('v'), cell);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('integer minor units (cents -> major units, exactly)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(centsCell, { minLength: 1, maxLength: 40 }), async (cells) => {
        const got = await evaluate(
          engine,
          minorToMajor('v', `'USD'`),
          cells.map((c) => c.v.toString() + c.zeros),
        );
        expect(got.map((g) => parseDecimal(g, SCALE))).toEqual(cells.map((c) => c.v * 10n ** 16n));
      }),
      { numRuns: 40 },
    );
    const fractionOfCent = fc.tuple(centsCell, fc.integer({ min: 1, max: 9 })).map(([c, d]) => `${c.v}.${d}`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(spliced(centsCell.map((c) => c.v.toString())), fractionOfCent, fc.constantFrom('1e3', '12.5', 'NaN')),
        async (cell) => {
          await expectRefused(engine, minorToMajor('v', `'USD'`), cell);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('ISO timestamps (T or space, Z, offsets, none or " UTC"; microseconds) are the same UTC instant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(instant, { minLength: 1, maxLength: 40 }), async (list) => {
        const cells = list.map(renderInstant);
        const got = await evaluate(
          engine,
          micros(timestamp('v')),
          cells.map((c) => c.cell),
        );
        expect(got.map(BigInt)).toEqual(cells.map((c) => c.utcMicros));
      }),
      { numRuns: 40 },
    );
    // Impossible fields, short years (`4/1/25`), junk: refused, never the year 4.
    const impossible = fc
      .tuple(fc.integer({ min: 1000, max: 9999 }), fc.constantFrom('13-01', '00-10', '02-30', '04-31', '06-00', '01-32'))
      .map(([y, md]) => `${y}-${md}T00:00:00Z`);
    const badTime = fc.tuple(day(1000, 9999), fc.constantFrom('24:00:01', '23:60:00', '12:00:61', '7h')).map(([d, t]) => `${isoDay(d)} ${t}`);
    const short = fc
      .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 99 }))
      .map(([m, d, y]) => `${m}/${d}/${pad(y)}`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          spliced(instant.map((i) => renderInstant(i).cell)),
          impossible,
          badTime,
          short,
          fc.constantFrom('yesterday', '0004-01-25x', '12024-01-01'),
        ),
        async (cell) => {
          await expectRefused(engine, timestamp('v'), cell);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('dates: ISO, and locale dates in a declared format, are that day at 00:00 UTC', async () => {
    const formats: LocaleDateFormat[] = ['M/D/YYYY', 'D/M/YYYY', 'M/D/YY', 'D/M/YY'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...formats),
        fc.constantFrom('/', '.', '-'),
        fc.array(day(1969, 2068), { minLength: 1, maxLength: 40 }),
        async (f, sep, days) => {
          const iso = await evaluate(engine, micros(timestamp('v')), days.map(isoDay));
          expect(iso.map(BigInt)).toEqual(days.map((d) => BigInt(d) * 86_400_000_000n));
          const local = await evaluate(
            engine,
            micros(timestamp('v', { dateFormat: f })),
            days.map((d) => renderLocale(d, f, sep)),
          );
          expect(local.map(BigInt)).toEqual(days.map((d) => BigInt(d) * 86_400_000_000n));
        },
      ),
      { numRuns: 30 },
    );
    // Declared M/D/YYYY: a two-digit year, a day-first date with a day above 12, an impossible day, junk: refused, never swapped.
    const dayFirst = day(1000, 9999)
      .filter((d) => new Date(d * 86_400_000).getUTCDate() > 12)
      .map((d) => renderLocale(d, 'D/M/YYYY', '/'));
    const twoDigit = day(1969, 2068).map((d) => renderLocale(d, 'M/D/YY', '/'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          dayFirst,
          twoDigit,
          spliced(day(1000, 9999).map((d) => renderLocale(d, 'M/D/YYYY', '/'))),
          fc.constantFrom('2/30/2025', '4/31/2025', '0/1/2025'),
        ),
        async (cell) => {
          await expectRefused(engine, timestamp('v', { dateFormat: 'M/D/YYYY' }), cell);
        },
      ),
      { numRuns: 60 },
    );
  });
});
