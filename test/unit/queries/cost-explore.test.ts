/**
 * The cost explorer's queries on the demo company, against sums computed here from the CSV text
 * (parsed with parseCsv, added as BigInt at 18 places): no SQL on the expected side.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { parseCsv } from '../../../src/model/csv';
import { runQuery } from '../../../src/queries/query';
import { costByGroup, costDataDays, costOverTime, type CostMetric } from '../../../src/queries/cost/explore';
import { costTagKeys, dimensionValues, type DimensionFilter } from '../../../src/queries/cost/dimensions';
import { bucketsOf, previousSpan, resolveRange, truncateDay, type DaySpan } from '../../../src/queries/cost/time-range';
import { exactPercentSql, exactQuotientSql } from '../../../src/queries/exact-quotient';
import { exactPercent } from '../../../src/model/money';
import { demoTables, exact, sumAtScale } from './demo-company';

type Line = { day: string; service: string; region: string; customer: string | null; sku: string | null; billed: string; effective: string };

function demoLines(): Line[] {
  const [head, ...rows] = parseCsv(readFileSync(path.resolve(__dirname, '../../fixtures/demo-march/cost_focus.csv'), 'utf8'));
  const at = (n: string) => head.indexOf(n);
  return rows
    .filter((r) => r.length === head.length)
    .map((r) => {
      const tags = JSON.parse(r[at('Tags')] || '{}') as Record<string, string>;
      return {
        day: r[at('ChargePeriodStart')].slice(0, 10),
        service: r[at('ServiceName')],
        region: r[at('RegionId')],
        customer: tags.customer ?? null,
        sku: tags.sku ?? null,
        billed: r[at('BilledCost')],
        effective: r[at('EffectiveCost')],
      };
    });
}

const LINES = demoLines();
const MARCH: DaySpan = { from: '2024-03-01', to: '2024-04-01' };
const sumOf = (ls: Line[], m: CostMetric = 'actual') => sumAtScale(ls.map((l) => (m === 'actual' ? l.billed : l.effective)));
const inSpan = (s: DaySpan) => (l: Line) => l.day >= s.from && l.day < s.to;

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

describe('cost/data-days and the range presets', () => {
  it('anchors rolling ranges on the last charge day', async () => {
    const [days] = await runQuery(engine, costDataDays());
    expect(days).toEqual({ first: '2024-03-01', last: '2024-03-31' });
    expect(resolveRange({ kind: 'rolling', days: 30 }, days)).toEqual({ from: '2024-03-02', to: '2024-04-01' });
    expect(resolveRange({ kind: 'ytd' }, days)).toEqual({ from: '2024-01-01', to: '2024-04-01' });
    expect(resolveRange({ kind: 'quarter', quarter: '2024-Q1' }, days)).toEqual({ from: '2024-01-01', to: '2024-04-01' });
    expect(resolveRange({ kind: 'custom', from: '2024-03-10', to: '2024-03-09' }, days)).toBeNull();
    expect(previousSpan({ kind: 'month', month: '2024-03' }, MARCH)).toEqual({ from: '2024-02-01', to: '2024-03-01' });
    expect(previousSpan({ kind: 'custom', from: '2024-03-16', to: '2024-03-31' }, { from: '2024-03-16', to: '2024-04-01' })).toEqual({
      from: '2024-02-29',
      to: '2024-03-16',
    });
    expect(bucketsOf(MARCH, 'week')).toEqual(['2024-02-26', '2024-03-04', '2024-03-11', '2024-03-18', '2024-03-25']);
  });
});

describe('cost/over-time', () => {
  it('sums per week and SKU tag exactly, with untagged lines as their own series', async () => {
    const rows = await runQuery(
      engine,
      costOverTime({ span: MARCH, metric: 'actual', filters: [], granularity: 'week', currency: 'USD', groupBy: { kind: 'tag', key: 'sku' } }),
    );
    for (const r of rows) {
      const expected = sumOf(LINES.filter((l) => truncateDay(l.day, 'week') === r.bucket && l.sku === r.grp));
      expect(exact(r.cost), `${r.bucket} ${r.grp}`).toBe(exact(expected));
    }
    expect(new Set(rows.map((r) => r.grp))).toEqual(new Set([...new Set(LINES.map((l) => l.sku))]));
    expect(exact(sumAtScale(rows.map((r) => r.cost)))).toBe(exact(sumOf(LINES)));
    expect(rows.every((r) => r.currency === 'USD' && !r.is_other)).toBe(true);
  });

  it('folds groups past the eighth into (other) without losing a cent', async () => {
    const rows = await runQuery(
      engine,
      costOverTime({
        span: MARCH,
        metric: 'actual',
        filters: [],
        granularity: 'month',
        currency: 'USD',
        groupBy: { kind: 'column', name: 'ResourceId' },
      }),
    );
    const resources = new Set(LINES.map((l) => l.customer + '/' + l.sku)).size;
    expect(resources).toBeGreaterThan(8);
    expect(rows.filter((r) => !r.is_other)).toHaveLength(8);
    expect(rows.filter((r) => r.is_other).map((r) => r.grp)).toEqual(['(other)']);
    expect(exact(sumAtScale(rows.map((r) => r.cost)))).toBe(exact(sumOf(LINES)));
  });

  it('has no rows in another currency', async () => {
    const q = costOverTime({ span: MARCH, metric: 'actual', filters: [], granularity: 'day', currency: 'JPY', groupBy: null });
    expect(await runQuery(engine, q)).toEqual([]);
  });
});

describe('cost/by-group', () => {
  const thisHalf: DaySpan = { from: '2024-03-16', to: '2024-04-01' };
  const prevHalf = previousSpan({ kind: 'custom', from: '2024-03-16', to: '2024-03-31' }, thisHalf);

  it('two levels (service × customer tag), this half of March against the first, delta and % exact', async () => {
    const rows = await runQuery(
      engine,
      costByGroup({
        span: thisHalf,
        previous: prevHalf,
        metric: 'amortized',
        filters: [],
        groupBy: [
          { kind: 'column', name: 'ServiceName' },
          { kind: 'tag', key: 'customer' },
        ],
      }),
    );
    const keys = new Set(LINES.filter((l) => inSpan(thisHalf)(l) || inSpan(prevHalf)(l)).map((l) => `${l.service}|${l.customer}`));
    expect(rows).toHaveLength(keys.size);
    for (const r of rows) {
      const mine = LINES.filter((l) => l.service === r.group1 && l.customer === r.group2);
      const now = parseFloatFree(sumOf(mine.filter(inSpan(thisHalf)), 'amortized'));
      const before = parseFloatFree(sumOf(mine.filter(inSpan(prevHalf)), 'amortized'));
      expect(exact(r.cost)).toBe(now);
      expect(exact(r.previous_cost)).toBe(before);
      expect(exact(r.delta)).toBe(now - before);
      expect(r.delta_pct).toBe(before === 0n ? null : percent2(now - before, before));
      expect(r.lines).toBe(mine.filter(inSpan(thisHalf)).length);
    }
  });

  it('include and exclude filters on a tag and a column, untagged lines as null', async () => {
    const incl: DimensionFilter = { dimension: { kind: 'tag', key: 'customer' }, mode: 'include', values: ['acme', null] };
    const excl: DimensionFilter = { dimension: { kind: 'column', name: 'ServiceName' }, mode: 'exclude', values: ['Amazon SageMaker'] };
    const [row] = await runQuery(
      engine,
      costByGroup({ span: MARCH, previous: { from: '2024-02-01', to: '2024-03-01' }, metric: 'actual', filters: [incl, excl], groupBy: [] }),
    );
    const kept = LINES.filter((l) => (l.customer === 'acme' || l.customer === null) && l.service !== 'Amazon SageMaker');
    expect(exact(row.cost)).toBe(exact(sumOf(kept)));
    expect(row.previous_cost).toBe('0.000000000000000000');
    expect(row.delta_pct).toBeNull();
    const [untaggedOut] = await runQuery(
      engine,
      costByGroup({ span: MARCH, previous: MARCH, metric: 'actual', filters: [{ ...incl, mode: 'exclude' }], groupBy: [] }),
    );
    expect(exact(untaggedOut.cost)).toBe(exact(sumOf(LINES.filter((l) => l.customer !== 'acme' && l.customer !== null))));
    expect(untaggedOut.delta).toBe('0.000000000000000000');
    expect(untaggedOut.delta_pct).toBe('0.00');
  });

  it('lists tag keys and a dimension’s values with null for untagged lines', async () => {
    expect((await runQuery(engine, costTagKeys())).map((r) => r.key).sort()).toEqual(['customer', 'sku']);
    const values = await runQuery(engine, dimensionValues({ kind: 'tag', key: 'customer' }));
    expect(new Set(values.map((v) => v.value))).toEqual(new Set(LINES.map((l) => l.customer)));
    expect(values.find((v) => v.value === null)?.lines).toBe(LINES.filter((l) => l.customer === null).length);
  });
});

describe('exactQuotientSql', () => {
  it('divides DECIMAL(38,18) values exactly, rounding once half away from zero', async () => {
    const dec = fc
      .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constant(18))
      .map(([u]) => `${u < 0n ? '-' : ''}${(u < 0n ? -u : u) / 10n ** 18n}.${((u < 0n ? -u : u) % 10n ** 18n).toString().padStart(18, '0')}`);
    await fc.assert(
      fc.asyncProperty(dec, dec, fc.integer({ min: 0, max: 6 }), async (a, b, scale) => {
        const [r] = await engine.query<{ q: string | null }>(
          `WITH x AS (SELECT CAST(? AS DECIMAL(38,18)) AS a, CAST(? AS DECIMAL(38,18)) AS b) SELECT ${exactQuotientSql('a', 'b', scale)} AS q FROM x`,
          [a, b],
        );
        expect(r.q === null ? null : exactAt(r.q, scale)).toBe(refQuotient(a, b, scale));
      }),
      { numRuns: 60 },
    );
  });
});

describe('exactPercent', () => {
  it('gives the percentage exactPercentSql gives, to the last digit', async () => {
    const dec = fc
      .bigInt({ min: -(10n ** 26n), max: 10n ** 26n })
      .map((u) => `${u < 0n ? '-' : ''}${(u < 0n ? -u : u) / 10n ** 18n}.${((u < 0n ? -u : u) % 10n ** 18n).toString().padStart(18, '0')}`);
    const pairs = fc.oneof(
      fc.tuple(dec, dec),
      // Halves round away from zero: 1/8 = 12.5 %, -1/8 = -12.5 %, 1/16000 = 0.00625 %.
      fc.constantFrom(['1', '8'], ['-1', '8'], ['1', '-16000'], ['0', '3'], ['5', '0']),
    );
    await fc.assert(
      fc.asyncProperty(pairs, async ([a, b]) => {
        const [r] = await engine.query<{ q: string | null }>(
          `WITH x AS (SELECT CAST(? AS DECIMAL(38,18)) AS a, CAST(? AS DECIMAL(38,18)) AS b) SELECT ${exactPercentSql('a', 'b')} AS q FROM x`,
          [a, b],
        );
        expect(exactPercent(a, b)).toBe(r.q);
      }),
      { numRuns: 60 },
    );
  });
});

/** An exact decimal string as BigInt at 18 places. */
function parseFloatFree(s: string): bigint {
  return exact(s)!;
}

function percent2(n: bigint, d: bigint): string {
  return fmt(roundDiv(n * 100n * 100n, d), 2);
}

function roundDiv(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return neg ? -q : q;
}

function fmt(q: bigint, scale: number): string {
  const neg = q < 0n;
  const a = neg ? -q : q;
  const p = 10n ** BigInt(scale);
  return `${neg ? '-' : ''}${a / p}${scale ? '.' + (a % p).toString().padStart(scale, '0') : ''}`;
}

function refQuotient(a: string, b: string, scale: number): bigint | null {
  const n = exact(a)!;
  const d = exact(b)!;
  return d === 0n ? null : roundDiv(n * 10n ** BigInt(scale), d);
}

function exactAt(s: string, scale: number): bigint {
  const neg = s.startsWith('-');
  const [i, f = ''] = s.replace('-', '').split('.');
  const v = BigInt(i) * 10n ** BigInt(scale) + BigInt(f.padEnd(scale, '0') || '0');
  return neg ? -v : v;
}
