import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { reconciliationByStatus } from '../../../src/queries/reconciliation/by-status';
import { reconciliationRows, STATUS_LABEL } from '../../../src/queries/reconciliation/rows';
import { eventFindings } from '../../../src/queries/reconciliation/event-findings';
import { reconciliationInvoiceLines, reconciliationUsageEvents } from '../../../src/queries/reconciliation/rows-behind';
import { overviewReconciliation } from '../../../src/queries/overview/kpis';
import { demoCompany, demoPlanted, exact, sumAtScale } from './demo-company';

let engine: Engine;
beforeAll(async () => {
  engine = (await demoCompany()).engine;
});
afterAll(async () => engine?.close());

const usd = { currency: 'USD', period: 'all' };

describe('reconciliation/by-status', () => {
  it('rows, expected, billed and delta per status', async () => {
    expect(await runQuery(engine, reconciliationByStatus(usd))).toEqual([
      { status: 'billed_only', rows: 1, delta: '108.000000000000000000', expected: '0.000000000000000000', billed: '108.000000000000000000' },
      { status: 'matched', rows: 6, delta: '0.000000000000000000', expected: '987.650000000000000000', billed: '987.650000000000000000' },
      { status: 'overbilled', rows: 1, delta: '1.260000000000000000', expected: '11.790000000000000000', billed: '13.050000000000000000' },
      { status: 'rate_mismatch', rows: 1, delta: '4.030000000000000000', expected: '40.250000000000000000', billed: '44.280000000000000000' },
      { status: 'unattributed', rows: 1, delta: '0.000000000000000000', expected: '0.000000000000000000', billed: '0.000000000000000000' },
      { status: 'underbilled', rows: 2, delta: '-7.500000000000000000', expected: '63.750000000000000000', billed: '56.250000000000000000' },
    ]);
    expect(await runQuery(engine, reconciliationByStatus({ currency: 'JPY', period: '2024-03' }))).toEqual([
      { status: 'matched', rows: 2, delta: '0.000000000000000000', expected: '23201.000000000000000000', billed: '23201.000000000000000000' },
    ]);
    expect(await runQuery(engine, reconciliationByStatus({ currency: 'USD', period: '2024-02' }))).toEqual([]);
  });

  it('adds up to the Overview tile', async () => {
    const statuses = await runQuery(engine, reconciliationByStatus(usd));
    const [tile] = await runQuery(engine, overviewReconciliation(usd));
    expect(sumAtScale(statuses.map((s) => s.delta!))).toBe(tile.delta);
    expect(statuses.reduce((n, s) => n + s.rows, 0)).toBe(tile.n);
  });
});

describe('reconciliation/rows', () => {
  it('carries every planted fault with its exact deltas and a labelled status', async () => {
    const rows = await runQuery(engine, reconciliationRows(usd));
    expect(rows).toHaveLength(12);
    for (const p of demoPlanted().filter((x) => x.reconciliation && x.currency === 'USD')) {
      const r = rows.find((x) => (x.customer_id ?? '') === p.customer_id && x.sku === p.sku && x.period === p.period)!;
      expect(r, `${p.kind}`).toBeDefined();
      expect([r.status, exact(r.quantity_delta), exact(r.amount_delta)]).toEqual([
        p.reconciliation!.status,
        exact(p.reconciliation!.quantity_delta),
        exact(p.reconciliation!.amount_delta),
      ]);
      expect(r.status_label).toBe(STATUS_LABEL[r.status]);
      expect(r.customer).toBe(p.customer_id || '(no customer)');
    }
  });

  it('filters by status and by customer or SKU text', async () => {
    const under = await runQuery(engine, reconciliationRows({ ...usd, status: 'underbilled' }));
    expect(under.map((r) => [r.customer, r.sku, r.amount_delta])).toEqual([
      ['globex', 'compute_hours', '-6.000000000000000000'],
      ['initech', 'api_calls', '-1.500000000000000000'],
    ]);
    const umbrella = await runQuery(engine, reconciliationRows({ ...usd, text: 'UMBR' }));
    expect(umbrella.map((r) => [r.sku, r.status_label])).toEqual([
      ['api_calls', '✓ matched'],
      ['compute_hours', '≠ rate mismatch'],
    ]);
    const gpu = await runQuery(engine, reconciliationRows({ ...usd, status: 'billed_only', text: 'gpu' }));
    expect(gpu.map((r) => [r.customer, r.billed_amount])).toEqual([['hooli', '108.000000000000000000']]);
  });
});

describe('reconciliation/event-findings', () => {
  it('the duplicate and late events with their source rows', async () => {
    const rows = await runQuery(engine, eventFindings(usd));
    expect(rows.map((r) => [r.code, r.customer_id, r.sku, r.quantity, r.amount])).toEqual([
      ['duplicate_event', 'acme', 'api_calls', '632.000000000000000000', '1.260000000000000000'],
      ['late_event', 'globex', 'compute_hours', '12.000000000000000000', '6.000000000000000000'],
    ]);
    expect(rows[0].source_rows!.split(' ')).toEqual([7, 15, 26, 34, 42].map((n) => `usage_cloudevents.ndjson#${n}`));
    expect(await runQuery(engine, eventFindings({ currency: 'JPY', period: 'all' }))).toEqual([]);
  });

  it('shows findings without a currency under every currency', async () => {
    await engine.exec(
      `INSERT INTO analysis_event_findings (code, customer_id, sku, period, detail) VALUES ('outside_subscription', 'kumo', 'api_calls', '2024-03', 'x')`,
    );
    try {
      expect((await runQuery(engine, eventFindings({ currency: 'JPY', period: '2024-03' }))).map((r) => r.code)).toEqual(['outside_subscription']);
      expect(await runQuery(engine, eventFindings({ currency: 'JPY', period: '2024-02' }))).toEqual([]);
    } finally {
      await engine.exec(`DELETE FROM analysis_event_findings WHERE code = 'outside_subscription'`);
    }
  });
});

describe('reconciliation/rows-behind', () => {
  const cell = { customer: 'acme', sku: 'api_calls', period: '2024-03', currency: 'USD', granularity: 'month' as const };

  it('the usage events behind a row (duplicates included, as loaded)', async () => {
    const rows = await runQuery(engine, reconciliationUsageEvents(cell));
    expect(rows.every((r) => r.customer_id === 'acme' && r.sku === 'api_calls' && r.ts!.startsWith('2024-03'))).toBe(true);
    const [{ q }] = await engine.query<{ q: string }>(`SELECT sum(quantity) AS q FROM usage_events WHERE customer_id = 'acme' AND sku = 'api_calls'`);
    expect(sumAtScale(rows.map((r) => r.quantity!))).toBe(q);
    expect(await runQuery(engine, reconciliationUsageEvents({ ...cell, period: '2024-02' }))).toEqual([]);
  });

  it('the invoice lines behind a row add up to its billed amount', async () => {
    const rows = await runQuery(engine, reconciliationInvoiceLines(cell));
    expect(exact(sumAtScale(rows.map((r) => r.amount!)))).toBe(exact('13.05'));
    expect(await runQuery(engine, reconciliationInvoiceLines({ ...cell, currency: 'JPY' }))).toEqual([]);
  });

  it('unattributed usage: the seven events without a customer', async () => {
    const rows = await runQuery(engine, reconciliationUsageEvents({ ...cell, customer: '' }));
    expect(rows).toHaveLength(7);
  });
});
