/**
 * Valid but awkward files (test/fixtures/awkward) load exactly: BOMs, UTF-16 both byte orders,
 * CRLF, no final newline, quoted newlines, several currencies in one file, and one file per
 * layout that has no real sample (FOCUS 1.1/1.2, CUR 2.0 with Athena maps, Azure MCA, GCP).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { formatDecimal, parseDecimal } from '../../../src/model/money';
import { tidyDecimal } from '../../../src/ingest/pipeline';
import { adapters, createNodeEngine, type Engine } from './helpers';
import { csvRecords } from './csv-reference';

const DIR = path.resolve(__dirname, '../../fixtures/awkward');

function decode(file: string): string {
  const b = readFileSync(path.join(DIR, file));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b);
  return new TextDecoder().decode(b);
}

/** Independent per-currency sums of BilledCost / EffectiveCost (FOCUS-shaped fixtures). */
function focusTotals(file: string) {
  const out: Record<string, { billed_cost: bigint; effective_cost: bigint }> = {};
  for (const r of csvRecords(decode(file)).records) {
    const t = (out[r.BillingCurrency] ??= { billed_cost: 0n, effective_cost: 0n });
    t.billed_cost += parseDecimal(r.BilledCost, 18);
    t.effective_cost += parseDecimal(r.EffectiveCost, 18);
  }
  return Object.fromEntries(
    Object.entries(out).map(([c, t]) => [
      c,
      { billed_cost: tidyDecimal(formatDecimal(t.billed_cost, 18)), effective_cost: tidyDecimal(formatDecimal(t.effective_cost, 18)) },
    ]),
  );
}

describe('awkward but valid files', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  const lines = (file: string, cols: string) => engine.query(`SELECT ${cols} FROM cost_lines WHERE source_file = ? ORDER BY source_row`, [file]);
  const tags = (file: string) =>
    engine.query(
      `SELECT c.source_row AS r, t.key, t.value FROM cost_tags t JOIN cost_lines c ON c.x_line_id = t.line_id WHERE c.source_file = ? ORDER BY 1, 2`,
      [file],
    );

  for (const file of [
    'utf8-bom.csv',
    'utf16le-bom.csv',
    'utf16be-bom.csv',
    'crlf.csv',
    'no-final-newline.csv',
    'quoted-newlines.csv',
    'multi-currency.csv',
  ]) {
    it(`${file}: detected, exact totals per currency`, async () => {
      const r = await loadLocalFile(engine, path.join(DIR, file), { adapters });
      expect(r.format).toBe('focus-1.0');
      expect(r.totals).toEqual(focusTotals(file));
      expect(r.rows).toBe(csvRecords(decode(file)).records.length);
    });
  }

  it('keeps text exactly: quoted commas, quotes and newlines, non-ASCII via UTF-16', async () => {
    expect((await lines('utf16be-bom.csv', 'ServiceName AS s')).map((r) => r.s)).toEqual(['Compute', 'Compute', 'Storage, cold']);
    expect((await lines('quoted-newlines.csv', 'ServiceName AS s')).map((r) => r.s)).toEqual([
      'Compute\nwith a newline',
      'Say "hi"\r\nagain',
      'Compute',
    ]);
    expect(await tags('utf16le-bom.csv')).toEqual([{ r: 1, key: 'team', value: 'web' }]);
  });

  it('never adds currencies together', async () => {
    const r = await loadLocalFile(engine, path.join(DIR, 'multi-currency.csv'), { adapters, name: 'mc-again.csv' });
    expect(r.currencies).toEqual(['EUR', 'JPY', 'KWD', 'USD']);
    expect(r.totals.JPY).toEqual({ billed_cost: '1100.00', effective_cost: '1090.00' });
    expect(r.totals.USD.billed_cost).toBe('3.50500000665679');
  });

  it('FOCUS 1.1 and 1.2 are told apart by their columns; offsets become UTC', async () => {
    expect((await loadLocalFile(engine, path.join(DIR, 'focus-1.1.csv'), { adapters })).format).toBe('focus-1.1');
    const r = await loadLocalFile(engine, path.join(DIR, 'focus-1.2.csv'), { adapters });
    expect(r.format).toBe('focus-1.2');
    expect(await lines('focus-1.2.csv', 'ChargePeriodStart AS s, InvoiceId AS i, PricingCurrencyEffectiveCost AS p, Tags AS t')).toEqual([
      { s: '2025-01-04T23:00:00.000Z', i: 'INV-1', p: '4.900000000000000000', t: '{}' },
    ]);
    expect(await tags('focus-1.1.csv')).toEqual([
      { r: 1, key: 'customer', value: 'acme' },
      { r: 1, key: 'sku', value: 'vm-small' },
    ]);
  });

  it('AWS CUR 2.0: net cost billed, map columns read (Athena form), user_ prefix dropped from tag keys', async () => {
    const r = await loadLocalFile(engine, path.join(DIR, 'aws-cur2-athena.csv'), { adapters });
    expect(r.format).toBe('aws-cur2');
    expect(r.totals).toEqual({ USD: { billed_cost: '0.0415', effective_cost: '0.0431' } });
    expect(await lines('aws-cur2-athena.csv', 'RegionId AS reg, SkuId AS sku, ChargeCategory AS cat, ResourceType AS rt')).toEqual([
      { reg: 'us-east-1', sku: 'ABCD1234', cat: 'Usage', rt: 'instance/i-0abc' },
      { reg: null, sku: null, cat: 'Tax', rt: null },
    ]);
    expect(await tags('aws-cur2-athena.csv')).toEqual([
      { r: 1, key: 'customer', value: 'acme' },
      { r: 1, key: 'team', value: 'web' },
    ]);
  });

  it('Azure MCA: camelCase columns, tags without braces, a day per line', async () => {
    const r = await loadLocalFile(engine, path.join(DIR, 'azure-mca.csv'), { adapters });
    expect(r.format).toBe('azure-mca');
    expect(r.totals).toEqual({ EUR: { billed_cost: '2.304000000000001', effective_cost: '2.304000000000001' } });
    expect(r.dateRange).toEqual({ start: '2024-10-02T00:00:00.000Z', end: '2024-10-03T00:00:00.000Z' });
    expect(await tags('azure-mca.csv')).toEqual([
      { r: 1, key: 'customer', value: 'acme' },
      { r: 1, key: 'env', value: 'prod' },
    ]);
  });

  it('GCP JSON lines: exact numbers, credits in effective cost, labels as tags, Pacific invoice month', async () => {
    const r = await loadLocalFile(engine, path.join(DIR, 'gcp-billing.jsonl'), { adapters });
    expect(r.format).toBe('gcp-billing');
    // cost 0.031611000000000001 + 1.2E-7; effective = cost + credits (-0.006322) per line, floored at 0.
    expect(r.totals).toEqual({ USD: { billed_cost: '0.031611120000000001', effective_cost: '0.025289120000000001' } });
    expect(await lines('gcp-billing.jsonl', 'BillingPeriodStart AS s, BillingPeriodEnd AS e, SubAccountId AS p, RegionId AS reg')).toEqual([
      { s: '2024-07-01T07:00:00.000Z', e: '2024-08-01T07:00:00.000Z', p: 'shop-prod', reg: 'us-central1' },
      { s: '2024-07-01T07:00:00.000Z', e: '2024-08-01T07:00:00.000Z', p: 'shop-prod', reg: 'us' },
    ]);
    expect(await tags('gcp-billing.jsonl')).toEqual([
      { r: 1, key: 'customer', value: 'acme' },
      { r: 1, key: 'env', value: 'prod' },
    ]);
  });

  it('GCP flattened CSV: underscore names, " UTC" timestamps, credits cancelling cost', async () => {
    const r = await loadLocalFile(engine, path.join(DIR, 'gcp-billing.csv'), { adapters });
    expect(r.format).toBe('gcp-billing');
    expect(r.totals).toEqual({ USD: { billed_cost: '5.00', effective_cost: '0.00' } });
    expect(await lines('gcp-billing.csv', 'ChargePeriodStart AS s, BillingPeriodStart AS b, ConsumedQuantity AS q')).toEqual([
      { s: '2024-12-31T23:00:00.000Z', b: '2024-12-01T08:00:00.000Z', q: '1099511627776.000000000000000000' },
    ]);
    expect(await tags('gcp-billing.csv')).toEqual([{ r: 1, key: 'customer', value: 'globex' }]);
  });
});
