/**
 * Property-based checks of the CSV path: random money values (plain or scientific notation, up to
 * 18 decimals) and awkward text (quotes, commas, newlines, non-ASCII) written with random quoting,
 * line ends and BOM round-trip exactly through load + totals. Also: the exact JSON parser keeps
 * every number's digits.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonExact, JsonNumber, stringifyExact } from '../../../src/ingest/json-exact';
import { formatDecimal } from '../../../src/model/money';
import { tidyDecimal } from '../../../src/ingest/pipeline';
import { createNodeEngine, loadText, type Engine } from './helpers';

const SCALE = 18;
const LIMIT = 10n ** 33n; // |value| < 10^15 at 18 decimals

/** An unscaled value at 18 decimals written plainly or in scientific notation. */
function render(v: bigint, sci: boolean): string {
  if (!sci || v === 0n) return formatDecimal(v, SCALE).replace(/\.?0+$/, '') || '0';
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  let k = 0;
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    k++;
  }
  const exp = digits.length - 1 + k - SCALE;
  return `${neg ? '-' : ''}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}E${exp}`;
}

function quote(field: string, always: boolean): string {
  return always || /[",\r\n]/.test(field) ? '"' + field.replace(/"/g, '""') + '"' : field;
}

const money = fc.record({ v: fc.bigInt({ min: -LIMIT + 1n, max: LIMIT - 1n }), sci: fc.boolean() });
const text = fc
  .array(fc.constantFrom('a', 'b', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '€', '日', "'", ';', '{', '\\'), { minLength: 1, maxLength: 12 })
  .map((a) => a.join(''));
const row = fc.record({
  billed: money,
  effective: money,
  currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
  service: text,
  quoteAll: fc.boolean(),
});

describe('CSV load properties', () => {
  let engine: Engine;
  let n = 0;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  it('money and text round-trip exactly, totals per currency are exact sums', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), async (rows, eol, bom) => {
        const name = `prop-${++n}.csv`;
        const head = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName';
        const lines = rows.map((r) =>
          [render(r.billed.v, r.billed.sci), render(r.effective.v, r.effective.sci), r.currency, '2024-01-01', '2024-01-02', r.service]
            .map((f) => quote(f, r.quoteAll))
            .join(','),
        );
        const result = await loadText(engine, name, (bom ? '\ufeff' : '') + [head, ...lines].join(eol) + eol);
        const sums: Record<string, { billed_cost: bigint; effective_cost: bigint }> = {};
        for (const r of rows) {
          const s = (sums[r.currency] ??= { billed_cost: 0n, effective_cost: 0n });
          s.billed_cost += r.billed.v;
          s.effective_cost += r.effective.v;
        }
        const expected = Object.fromEntries(
          Object.entries(sums).map(([c, s]) => [
            c,
            { billed_cost: tidyDecimal(formatDecimal(s.billed_cost, SCALE)), effective_cost: tidyDecimal(formatDecimal(s.effective_cost, SCALE)) },
          ]),
        );
        expect(result.rows).toBe(rows.length);
        expect(result.totals).toEqual(expected);
        const stored = await engine.query('SELECT ServiceName AS s, BilledCost AS b FROM cost_lines WHERE source_file = ? ORDER BY source_row', [
          name,
        ]);
        expect(stored.map((r) => r.s)).toEqual(rows.map((r) => r.service.replace(/^ +| +$/g, '') || null));
        expect(stored.map((r) => r.b)).toEqual(rows.map((r) => formatDecimal(r.billed.v, SCALE)));
      }),
      { numRuns: 15, seed: 20241123 },
    );
  });
});

describe('exact JSON parser properties', () => {
  it('keeps every number as written and round-trips documents', () => {
    const num = fc.oneof(
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
      fc
        .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.nat(25), fc.integer({ min: -30, max: 30 }))
        .map(([d, z, e]) => `${d}.${'0'.repeat(z)}1e${e}`),
    );
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        num.map((t) => new JsonNumber(t)),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const text = stringifyExact(v as never);
        const back = parseJsonExact(text);
        expect(back.end).toBe(text.length);
        expect(stringifyExact(back.value)).toBe(text);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
