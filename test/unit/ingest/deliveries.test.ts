import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  duplicateMessage,
  findDuplicate,
  periodsLabel,
  planDelivery,
  planMessage,
  readDeliveryFacts,
  retireFiles,
  sha256OfStream,
  type Delivery,
  type DeliveryFacts,
} from '../../../src/ingest/deliveries';
import { createNodeEngine, loadText, type Engine } from './helpers';

const DEMO_COST = readFileSync(path.resolve(__dirname, '../../fixtures/demo-march/cost_focus.csv'), 'utf8');

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.subarray(at, at + chunk));
      at += chunk;
    },
  });
}

const facts = (over: Partial<DeliveryFacts> = {}): DeliveryFacts => ({
  providers: ['AWS'],
  billingAccounts: ['111122223333'],
  subAccounts: ['444455556666'],
  periods: ['2024-03'],
  corrections: 0,
  ...over,
});
const delivery = (name: string, over: Partial<Delivery> = {}, f: Partial<DeliveryFacts> = {}): Delivery => ({
  name,
  kind: 'cost',
  format: 'focus-1.0',
  sha256: name,
  lastModified: 0,
  facts: facts(f),
  ...over,
});

describe('content hash', () => {
  it('is the SHA-256 of the bytes, whatever the chunking, with progress', async () => {
    const bytes = new TextEncoder().encode(DEMO_COST);
    const seen: number[] = [];
    const hex = await sha256OfStream(streamOf(bytes, 4096), { onBytes: (n) => seen.push(n) });
    expect(hex).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await sha256OfStream(streamOf(bytes, 7))).toBe(hex);
    expect(seen.at(-1)).toBe(bytes.length);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(sha256OfStream(streamOf(new Uint8Array(10), 1), { file: 'x.csv', signal: ac.signal })).rejects.toThrow(/x.csv: load cancelled/);
  });

  it('finds the loaded file with the same bytes, not the same name', () => {
    const loaded = [delivery('a.csv', { sha256: 'aa' }), delivery('b.csv', { sha256: 'bb' })];
    expect(findDuplicate(loaded, 'bb')?.name).toBe('b.csv');
    expect(findDuplicate(loaded, 'cc')).toBeUndefined();
    expect(duplicateMessage('copy.csv', loaded[1])).toBe('copy.csv has the same content as b.csv, which is loaded (SHA-256 bb…); nothing was added.');
  });
});

describe('planDelivery', () => {
  const old = delivery('cur-2024-03.csv');

  it('a newer delivery of the same name, account and billing period replaces the older', () => {
    const plan = planDelivery([old], delivery('cur-2024-03 (2).csv'));
    expect(plan).toEqual({ action: 'replace', replaces: ['cur-2024-03.csv'], periods: ['2024-03'] });
    expect(planMessage('cur-2024-03.csv', plan)).toBe('The new cur-2024-03.csv replaces the loaded cur-2024-03.csv: restated delivery for 2024-03.');
  });

  it('another file of the same account and period (a second part, a supplement) is added and the overlap named, never taken for a restatement', () => {
    const plan = planDelivery([old], delivery('cur-2024-03-part2.csv'));
    expect(plan).toEqual({ action: 'add', overlaps: [{ name: 'cur-2024-03.csv', periods: ['2024-03'] }] });
  });

  it('a restatement may add a sub-account that appeared late in the period', () => {
    expect(planDelivery([old], delivery('cur-2024-03 (2).csv', {}, { subAccounts: ['444455556666', '777788889999'] })).action).toBe('replace');
  });

  it('an older file (by modification time) is not kept', () => {
    const plan = planDelivery([{ ...old, lastModified: 2000 }], delivery('cur-2024-03 (2).csv', { lastModified: 1000 }));
    expect(plan).toEqual({ action: 'older', newer: 'cur-2024-03.csv', periods: ['2024-03'] });
  });

  it('adds what is another source, another period, a correction or another format', () => {
    expect(planDelivery([old], delivery('other-account.csv', {}, { billingAccounts: ['999'] }))).toEqual({ action: 'add', overlaps: [] });
    expect(planDelivery([old], delivery('april.csv', {}, { periods: ['2024-04'] }))).toEqual({ action: 'add', overlaps: [] });
    expect(planDelivery([old], delivery('sub-scoped.csv', {}, { subAccounts: ['777788889999'] })).action).toBe('add');
    expect(planDelivery([old], delivery('delta.csv', {}, { corrections: 3 })).action).toBe('add');
    expect(planDelivery([old], delivery('cur2.csv', { format: 'aws-cur2' })).action).toBe('add');
    expect(planDelivery([old], delivery('usage.ndjson', { kind: 'usage', facts: null }))).toEqual({ action: 'add', overlaps: [] });
    // No billing account: nothing says it is the same source.
    const anon = delivery('a.csv', {}, { billingAccounts: [] });
    expect(planDelivery([anon], delivery('b.csv', {}, { billingAccounts: [] })).action).toBe('add');
  });

  it('a partial overlap is added but named (its costs may count twice)', () => {
    const plan = planDelivery([old], delivery('q1.csv', {}, { periods: ['2024-01', '2024-02', '2024-03'] }));
    expect(plan).toEqual({ action: 'add', overlaps: [{ name: 'cur-2024-03.csv', periods: ['2024-03'] }] });
    expect(planMessage('q1.csv', plan)).toContain('shares billing accounts and periods with cur-2024-03.csv (2024-03)');
  });

  it('a ledger export of the same name, billing system and invoice periods replaces the older one (no billing account needed)', () => {
    const ledger = (name: string, f: Partial<DeliveryFacts> = {}) =>
      delivery(
        name,
        { kind: 'ledger', format: 'lago-invoice-fees' },
        { providers: ['lago-invoice-fees'], billingAccounts: [], subAccounts: [], ...f },
      );
    const loaded = [ledger('lago_invoice_fees.csv')];
    expect(planDelivery(loaded, ledger('lago_invoice_fees (2).csv'))).toEqual({
      action: 'replace',
      replaces: ['lago_invoice_fees.csv'],
      periods: ['2024-03'],
    });
    expect(planDelivery(loaded, ledger('lago_credit_notes.csv')).action).toBe('add');
    expect(planDelivery(loaded, ledger('lago_invoice_fees (2).csv', { periods: ['2024-04'] })).action).toBe('add');
    expect(planDelivery(loaded, ledger('lago_invoice_fees (2).csv', { periods: [] })).action).toBe('add');
  });

  it('labels runs of months as a range', () => {
    expect(periodsLabel(['2024-03', '2024-01', '2024-02'])).toBe('2024-01 – 2024-03');
    expect(periodsLabel(['2024-01', '2024-03'])).toBe('2024-01, 2024-03');
  });
});

describe('delivery facts and retiring files on the engine', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await loadText(engine, 'cost_focus.csv', DEMO_COST);
    await loadText(engine, 'restated.csv', DEMO_COST.replace('0.0357688557,0.0357688557', '1.0357688557,1.0357688557'));
  });
  afterAll(async () => engine?.close());

  it('reads provider, accounts and billing periods of a cost file', async () => {
    expect(await readDeliveryFacts(engine, 'cost_lines', 'cost_focus.csv')).toEqual({
      providers: ['AWS'],
      billingAccounts: ['111122223333'],
      subAccounts: expect.arrayContaining(['444455556666']),
      periods: ['2024-03'],
      corrections: 0,
    });
    expect(await readDeliveryFacts(engine, 'usage_events', 'x.ndjson')).toBeNull();
  });

  it('reads the billing system and invoice periods of a ledger file', async () => {
    const text = readFileSync(path.resolve(__dirname, '../../fixtures/demo-march/lago_invoice_fees.csv'), 'utf8');
    const r = await loadText(engine, 'lago_invoice_fees.csv', text);
    expect(r.table).toBe('invoice_lines');
    expect(await readDeliveryFacts(engine, 'invoice_lines', 'lago_invoice_fees.csv')).toEqual({
      providers: [r.format],
      billingAccounts: [],
      subAccounts: [],
      periods: expect.arrayContaining(['2024-03']),
      corrections: 0,
    });
  });

  it('is all-or-nothing: when a step fails, every row stays where it was', async () => {
    const rows = async () => engine.query('SELECT source_file, count(*) AS n FROM cost_lines GROUP BY 1 ORDER BY 1');
    const before = await rows();
    const failing: Engine = Object.assign(Object.create(engine) as Engine, {
      query: (sql: string, params?: readonly unknown[]) =>
        sql.startsWith('UPDATE') ? Promise.reject(new Error('disk full')) : engine.query(sql, params as never),
    });
    await expect(retireFiles(failing, ['cost_focus.csv'], { from: 'restated.csv', to: 'cost_focus.csv' })).rejects.toThrow(/disk full/);
    expect(await rows()).toEqual(before);
  });

  it('takes the old file out of cost_lines and cost_tags and renames the new one, in one step', async () => {
    const count = async (file: string) =>
      (
        await engine.query<{ lines: number; tags: number }>(
          'SELECT count(DISTINCT x_line_id) AS lines, count(t.line_id) AS tags FROM cost_lines c LEFT JOIN cost_tags t ON t.line_id = c.x_line_id WHERE source_file = ?',
          [file],
        )
      )[0];
    const total = async () =>
      (await engine.query<{ s: string }>("SELECT CAST(sum(BilledCost) AS VARCHAR) AS s FROM cost_lines WHERE source_file = 'cost_focus.csv'"))[0].s;
    const original = await total();
    const restated = await count('restated.csv');
    expect(restated.lines).toBeGreaterThan(0);
    const allTags = async () => Number((await engine.query<{ n: number }>('SELECT count(*) AS n FROM cost_tags'))[0].n);
    const tagsBefore = await allTags();
    await retireFiles(engine, ['cost_focus.csv'], { from: 'restated.csv', to: 'cost_focus.csv' });
    expect(await count('restated.csv')).toEqual({ lines: 0, tags: 0 });
    expect(await count('cost_focus.csv')).toEqual(restated);
    expect(await allTags()).toBe(tagsBefore - restated.tags);
    // The restated row costs exactly 1 more: the total is the restatement's, not the sum of both.
    const [{ d }] = await engine.query<{ d: string }>(`SELECT CAST(CAST(? AS DECIMAL(38,18)) - CAST(? AS DECIMAL(38,18)) AS VARCHAR) AS d`, [
      await total(),
      original,
    ]);
    expect(d).toBe('1.000000000000000000');
  });
});
