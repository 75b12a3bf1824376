import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { parseJsonRecords } from '../../../src/ingest/read-json';
import { loadText, resetTables } from './load-helpers';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());

const item = (id: string, amount: number, invoice: string) => ({
  id,
  object: 'line_item',
  amount,
  currency: 'usd',
  invoice,
  customer: 'cus_1',
  period: { start: 1709251200, end: 1711929599 },
  price: { id: 'price_1', product: 'prod_api', lookup_key: 'api_calls', unit_amount_decimal: '1.5', recurring: { usage_type: 'metered' } },
  quantity: 1000,
  type: 'subscription',
});

describe('Stripe API list responses load as-is', () => {
  it('unwraps {"object":"list","data":[...]} (pretty-printed, as saved from the API) into one record per item', async () => {
    await resetTables(engine);
    const body = {
      object: 'list',
      data: [item('il_1', 1500, 'in_1'), item('il_2', 30, 'in_2')],
      has_more: false,
      url: '/v1/invoices/upcoming/lines',
    };
    const r = await loadText(engine, 'stripe-lines.json', JSON.stringify(body, null, 2));
    expect(r.format).toBe('stripe-invoice-line-items');
    expect(r.rows).toBe(2);
    expect(r.totals.USD.amount).toBe('15.30');
    const rows = await engine.query('SELECT line_id, invoice_id, amount, source_row FROM invoice_lines ORDER BY source_row');
    expect(rows).toEqual([
      { line_id: 'il_1', invoice_id: 'in_1', amount: '15.000000000000000000', source_row: 1 },
      { line_id: 'il_2', invoice_id: 'in_2', amount: '0.300000000000000000', source_row: 2 },
    ]);
  });

  it('leaves other objects and JSON lines alone', () => {
    expect(parseJsonRecords('one.json', '{"object":"invoice","data":[1]}').map((r) => r.values.object)).toEqual(['invoice']);
    expect(parseJsonRecords('lines.ndjson', '{"object":"list","data":[{"a":1}]}\n{"object":"list","data":[]}\n')).toHaveLength(2);
    expect(parseJsonRecords('one-line.json', '{"object":"list","data":[{"a":"x"},{"a":"y"}]}\n').map((r) => [r.row, r.values.a])).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });
});
