import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { UserError } from '../../../src/model/errors';
import { defaultBillingConfig } from '../../../src/model/mappings';
import { errorOf, loadText, resetTables } from './load-helpers';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());
beforeEach(async () => resetTables(engine));

const ce = (o: Record<string, unknown>) => JSON.stringify({ specversion: '1.0', source: 'api-gw', ...o });

describe('CloudEvents (OpenMeter) usage', () => {
  it('maps id/source/subject/type/time/data.value, counts 1 without value, keeps data as properties', async () => {
    const text = [
      ce({ id: 'e1', type: 'api_calls', subject: 'acme', time: '2024-03-01T10:00:00Z', data: { value: '2.5', region: 'eu' } }),
      ce({ id: 'e2', type: 'api_calls', subject: 'acme', time: '2024-03-01T12:00:00+02:00', data: { region: 'us' } }),
    ].join('\n');
    const r = await loadText(engine, 'events.ndjson', text);
    expect(r.format).toBe('cloudevents');
    const rows = await engine.query(
      'SELECT event_id, source, customer_id, sku, ts, quantity, properties, source_row FROM usage_events ORDER BY event_id',
    );
    expect(rows[0]).toMatchObject({
      event_id: 'e1',
      source: 'api-gw',
      customer_id: 'acme',
      sku: 'api_calls',
      ts: '2024-03-01T10:00:00.000Z',
      quantity: '2.500000000000000000',
      source_row: 1,
    });
    expect(JSON.parse(String(rows[0].properties))).toEqual({ value: '2.5', region: 'eu' });
    expect(rows[1]).toMatchObject({ ts: '2024-03-01T10:00:00.000Z', quantity: '1.000000000000000000' });
  });

  it('uses a per-meter quantity property from the config', async () => {
    const cfg = { ...defaultBillingConfig(), meterQuantity: { tokens: 'data.tokens' } };
    const text = ce({ id: 'e1', type: 'tokens', subject: 'acme', time: '2024-03-01T10:00:00Z', data: { tokens: 1200, value: 1 } });
    await loadText(engine, 'events.ndjson', text, cfg);
    const [r] = await engine.query('SELECT quantity FROM usage_events');
    expect(r.quantity).toBe('1200.000000000000000000');
  });

  it('rejects malformed JSON naming the line, loading nothing', async () => {
    const text = [
      ce({ id: 'e1', type: 'a', subject: 's', time: '2024-03-01T00:00:00Z' }),
      '{"id": "e2", "type": ',
      ce({ id: 'e3', type: 'a', subject: 's', time: '2024-03-01T00:00:00Z' }),
    ].join('\n');
    const err = await errorOf(loadText(engine, 'bad.ndjson', text));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/bad\.ndjson: row 2/);
    const [{ n }] = await engine.query('SELECT count(*) AS n FROM usage_events');
    expect(n).toBe(0);
  });

  it('rejects a negative quantity naming row and column', async () => {
    const text = [
      ce({ id: 'e1', type: 'a', subject: 's', time: '2024-03-01T00:00:00Z', data: { value: 3 } }),
      ce({ id: 'e2', type: 'a', subject: 's', time: '2024-03-01T00:00:00Z', data: { value: -3 } }),
    ].join('\n');
    const err = await errorOf(loadText(engine, 'neg.ndjson', text));
    expect(err.message).toMatch(/neg\.ndjson: row 2, column "data\.value": expected a quantity of 0 or more, got "-3"/);
    const [{ n }] = await engine.query('SELECT count(*) AS n FROM usage_events');
    expect(n).toBe(0);
  });
});

describe('Lago and Stripe meter events', () => {
  it('Lago: transaction_id, external_subscription_id, code, Unix timestamp, properties.value', async () => {
    const text = JSON.stringify({
      transaction_id: 't1',
      external_subscription_id: 'sub_acme',
      code: 'storage_gb',
      timestamp: 1709287200,
      properties: { value: '10.25' },
    });
    const r = await loadText(engine, 'lago.ndjson', text + '\n');
    expect(r.format).toBe('lago-events');
    const [row] = await engine.query('SELECT event_id, customer_id, sku, ts, quantity FROM usage_events');
    expect(row).toMatchObject({
      event_id: 't1',
      customer_id: 'sub_acme',
      sku: 'storage_gb',
      ts: '2024-03-01T10:00:00.000Z',
      quantity: '10.250000000000000000',
    });
  });

  it('Stripe: event_name, identifier, payload.stripe_customer_id, payload.value', async () => {
    const text = JSON.stringify({
      event_name: 'api_requests',
      identifier: 'idmp_1',
      timestamp: 1709287200,
      payload: { stripe_customer_id: 'cus_1', value: '25' },
    });
    const r = await loadText(engine, 'stripe.jsonl', text);
    expect(r.format).toBe('stripe-meter-events');
    const [row] = await engine.query('SELECT event_id, source, customer_id, sku, quantity FROM usage_events');
    expect(row).toMatchObject({ event_id: 'idmp_1', source: 'stripe', customer_id: 'cus_1', sku: 'api_requests', quantity: '25.000000000000000000' });
  });

  it('generic usage CSV through a saved mapping', async () => {
    const cfg = {
      ...defaultBillingConfig(),
      usageCsvMapping: { event_id: 'EventId', customer_id: 'Tenant', sku: 'Meter', ts: 'When', quantity: 'Qty' },
    };
    const r = await loadText(engine, 'u.csv', 'EventId,Tenant,Meter,When,Qty\nx1,t1,gb,2024-03-02,0.1\nx2,t1,gb,2024-03-02,0.2\n', cfg);
    expect(r.format).toBe('usage-csv');
    const [row] = await engine.query('SELECT sum(quantity) AS q FROM usage_events');
    expect(row.q).toBe('0.300000000000000000');
  });
});
