import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { adapters, createNodeEngine, errorOf, focusCsv, loadText, type Engine } from './helpers';

describe('loadFile pipeline', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  it('loads a FOCUS CSV with exact totals, tags and provenance', async () => {
    const stages: string[] = [];
    const r = await loadText(
      engine,
      'a.csv',
      focusCsv([
        ['1.10', '1.00', 'USD', '{"team":"web","cost-center":"42"}'],
        ['6.65679E-09', '0', 'USD'],
        ['2.5', '2.5', 'EUR', '{"team":"db \\"main\\""}'],
      ]),
      { onProgress: (p) => stages.push(p.stage) },
    );
    expect(r.format).toBe('focus-1.0');
    expect(r.kind).toBe('cost');
    expect(r.rows).toBe(3);
    expect(r.totals).toEqual({
      EUR: { billed_cost: '2.50', effective_cost: '2.50' },
      USD: { billed_cost: '1.10000000665679', effective_cost: '1.00' },
    });
    expect(r.currencies).toEqual(['EUR', 'USD']);
    expect(r.dateRange).toEqual({ start: '2024-09-01T00:00:00.000Z', end: '2024-09-02T00:00:00.000Z' });
    expect(stages).toEqual(['detect', 'read', 'map', 'insert', 'tags', 'summary', 'done']);
    const tags = await engine.query(
      'SELECT t.key, t.value, c.source_row FROM cost_tags t JOIN cost_lines c ON c.x_line_id = t.line_id WHERE c.source_file = ? ORDER BY 3, 1',
      ['a.csv'],
    );
    expect(tags).toEqual([
      { key: 'cost-center', value: '42', source_row: 1 },
      { key: 'team', value: 'web', source_row: 1 },
      { key: 'team', value: 'db "main"', source_row: 3 },
    ]);
  });

  it('explodes tags with escapes, numbers, booleans and nulls', async () => {
    const tags = '{"back\\\\slash":"a\\"b","n": 12.50,"ok":true,"none":null,"uni":"\u00e9t\u00e9","nl":"x\\ny"}';
    await loadText(engine, 'tags.csv', focusCsv([['1', '1', 'USD', tags]]));
    const rows = await engine.query(
      'SELECT t.key, t.value FROM cost_tags t JOIN cost_lines c ON c.x_line_id = t.line_id WHERE c.source_file = ? ORDER BY 1',
      ['tags.csv'],
    );
    expect(rows).toEqual([
      { key: 'back\\slash', value: 'a"b' },
      { key: 'n', value: '12.50' },
      { key: 'nl', value: 'x\ny' },
      { key: 'none', value: null },
      { key: 'ok', value: 'true' },
      { key: 'uni', value: 'été' },
    ]);
  });

  it('gives each load its own line ids', async () => {
    const a = await loadText(engine, 'b1.csv', focusCsv([['1', '1', 'USD']]));
    const b = await loadText(
      engine,
      'b2.csv',
      focusCsv([
        ['2', '2', 'USD'],
        ['3', '3', 'USD'],
      ]),
    );
    expect(b.lineIds!.first).toBeGreaterThan(a.lineIds!.last);
    expect(b.lineIds!.last - b.lineIds!.first).toBe(1);
  });

  it('a failing load leaves earlier rows untouched and names row, column and value', async () => {
    const before = await engine.query('SELECT count(*) AS n FROM cost_lines');
    const msg = await errorOf(
      loadText(
        engine,
        'bad.csv',
        focusCsv([
          ['1', '1', 'USD'],
          ['abc', '1', 'USD'],
        ]),
      ),
    );
    expect(msg).toBe('bad.csv: row 2, column "BilledCost": expected a decimal number, got "abc"');
    expect(await engine.query('SELECT count(*) AS n FROM cost_lines')).toEqual(before);
  });

  it('reads JSON lines with nested objects as dotted columns, numbers exact', async () => {
    // 0.12345678901234567 has more digits than a double holds: it must survive as written.
    const line =
      '{"BilledCost": 0.12345678901234567, "EffectiveCost": 1, "BillingCurrency": "USD", "ChargePeriodStart": "2024-01-01",' +
      ' "ChargePeriodEnd": "2024-01-02", "ChargeCategory": "Usage", "ServiceName": "x", "ProviderName": "p", "Tags": "{\\"a\\":\\"b\\"}"}';
    const r = await loadText(engine, 'c.jsonl', line + '\n' + line + '\n');
    expect(r.format).toBe('focus-1.0');
    expect(r.rows).toBe(2);
    expect(r.totals.USD.billed_cost).toBe('0.24691357802469134');
  });

  it('cancels between stages and rolls back', async () => {
    const ctl = new AbortController();
    const before = await engine.query('SELECT count(*) AS n FROM cost_lines');
    const msg = await errorOf(
      loadText(engine, 'cancel.csv', focusCsv([['1', '1', 'USD']]), {
        signal: ctl.signal,
        onProgress: (p) => p.stage === 'tags' && ctl.abort(),
      }),
    );
    expect(msg).toBe('cancel.csv: load cancelled');
    expect(await engine.query('SELECT count(*) AS n FROM cost_lines')).toEqual(before);
  });

  it('finds the bad cell for adapters that CAST without the checked helpers (typedColumns)', async () => {
    const withPrices = adapters.with({
      format: 'test-prices',
      kind: 'prices',
      table: 'price_book',
      label: 'test prices',
      detect: (h) => (h.includes('plan_sku') && h.includes('plan_price') ? { score: 1 } : null),
      requiredColumns: () => ['plan_sku', 'plan_price'],
      typedColumns: () => ({ plan_price: 'DECIMAL(38,18)' }),
      selectSql: (_h, ctx) =>
        `SELECT plan_sku, 'USD', CAST(plan_price AS DECIMAL(38,18)), NULL, NULL, NULL, NULL, NULL, NULL, '${ctx.sourceFile}', "__row" FROM ${ctx.raw}`,
    });
    const before = await engine.query('SELECT count(*) AS n FROM price_book');
    const ok = await loadText(engine, 'p.csv', 'plan_sku,plan_price\na,1.5\nb,2\n', { adapters: withPrices });
    expect([ok.kind, ok.format, ok.rows, ok.totals]).toEqual(['prices', 'test-prices', 2, {}]);
    const msg = await errorOf(loadText(engine, 'p2.csv', 'plan_sku,plan_price\na,1.5\nb,n/a\nc,3\n', { adapters: withPrices }));
    expect(msg).toBe('p2.csv: row 2, column "plan_price": expected a decimal number, got "n/a"');
    expect(await engine.query('SELECT count(*) AS n FROM price_book')).toEqual([{ n: Number(before[0].n) + 2 }]);
  });

  it('lets other areas add adapters that take part in detection, in a new registry', () => {
    const registry = adapters.with({
      format: 'test-usage',
      kind: 'usage',
      table: 'usage_events',
      label: 'test',
      detect: (h) => (h.includes('event_id') && h.includes('qty') ? { score: 1 } : null),
      requiredColumns: () => ['event_id'],
      selectSql: () => 'SELECT 1',
      typedColumns: () => ({}),
    });
    expect(registry.detect(['event_id', 'qty'])?.adapter.format).toBe('test-usage');
    expect(registry.detect(['event_id', 'qty'], 'cost')).toBeNull();
    // The registry it was made from is a value too: unchanged, and so is a fresh stock one.
    expect(adapters.detect(['event_id', 'qty'])).toBeNull();
    expect(createAdapterRegistry().detect(['event_id', 'qty'])).toBeNull();
    expect(() => registry.with({ ...registry.adapters[0] })).toThrow(/adapter focus-1\.0 is already registered/);
  });

  it('builds the billing adapters from the config it is given, leaving other registries alone', () => {
    const mapping = { event_id: 'evt', customer_id: 'cust', sku: 'meter', ts: 'when', quantity: 'qty' };
    const configured = createAdapterRegistry({ meterQuantity: {}, usageCsvMapping: mapping, ledgerCsvMapping: null });
    const headers = ['evt', 'cust', 'meter', 'when', 'qty'];
    expect(configured.detect(headers)?.adapter.format).toBe('usage-csv');
    expect(createAdapterRegistry().detect(headers)).toBeNull();
    expect(configured.adapters.slice(0, 9).every((a) => a.kind === 'cost')).toBe(true);
  });
});
