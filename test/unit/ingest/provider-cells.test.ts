/**
 * Provider files written the way their writers write them (test/fixtures/cells, see its README),
 * whose cells used to load silently wrong or fail without naming a row.
 */
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { adapters, createNodeEngine, errorOf, loadText, type Engine } from './helpers';

const fixture = (f: string) => path.resolve(__dirname, '../../fixtures/cells', f);

describe('provider cells', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());
  beforeEach(async () => {
    for (const t of ['cost_lines', 'cost_tags']) await engine.exec(`DELETE FROM ${t}`).catch(() => {});
  });

  it('GCP export written by pandas: Python-literal credits reduce effective cost exactly, labels become tags', async () => {
    const r = await loadLocalFile(engine, fixture('gcp-billing-pandas.csv'), { adapters });
    expect(r.format).toBe('gcp-billing');
    expect(r.totals).toEqual({ USD: { billed_cost: '6.254567', effective_cost: '0.854562' } });
    const lines = await engine.query<{ e: string; t: string | null }>(
      'SELECT CAST(EffectiveCost AS VARCHAR) AS e, Tags AS t FROM cost_lines ORDER BY source_row',
    );
    expect(lines).toEqual([
      { e: '0.834562000000000000', t: `{"customer":"acme","team":"o'brien"}` },
      { e: '0.020000000000000000', t: null },
      { e: '0.000000000000000000', t: '{"customer":"globex"}' },
    ]);
    const tags = await engine.query<{ k: string; v: string }>('SELECT key AS k, value AS v FROM cost_tags ORDER BY line_id, key');
    expect(tags).toEqual([
      { k: 'customer', v: 'acme' },
      { k: 'team', v: "o'brien" },
      { k: 'customer', v: 'globex' },
    ]);
  });

  it('GCP credits that are no list of records stop the load naming the cell', async () => {
    const head = 'billing_account_id,service.description,sku.id,usage_start_time,usage_end_time,cost,currency,usage.amount,credits\n';
    const row = (credits: string) => `A,BigQuery,S,2025-03-01 00:00:00 UTC,2025-03-01 01:00:00 UTC,5.0,USD,1,"${credits.replace(/"/g, '""')}"\n`;
    expect(await errorOf(loadText(engine, 'g.csv', head + row('Free tier: -1.2')))).toBe(
      'g.csv: row 1, column "credits": expected a list of credits with decimal amounts, e.g. [{"name": "x", "amount": -1.2}], got "Free tier: -1.2"',
    );
    expect(await errorOf(loadText(engine, 'g.csv', head + row("[{'name': 'x', 'amount': None}]")))).toMatch(
      /^g\.csv: row 1, column "credits": expected a list of credits with decimal amounts/,
    );
    // A credit name that looks like a member is read as the name it is.
    await loadText(engine, 'g.csv', head + row(`[{'name': "promo 'amount': -9", 'amount': -1.25}]`));
    expect((await engine.query('SELECT CAST(EffectiveCost AS VARCHAR) AS e FROM cost_lines'))[0].e).toBe('3.750000000000000000');
  });

  it('Azure MCA cost details (live header, BOM) with CRLF and LF line ends mixed: loaded exactly, M/D dates', async () => {
    const r = await loadLocalFile(engine, fixture('azure-mca-mixed-line-ends.csv'), { adapters });
    expect(r.format).toBe('azure-mca');
    expect(r.rows).toBe(3);
    expect(r.totals).toEqual({ EUR: { billed_cost: '6.4583392', effective_cost: '6.4583392' } });
    expect(r.dateRange).toEqual({ start: '2025-09-14T00:00:00.000Z', end: '2025-09-16T00:00:00.000Z' });
    const last = await engine.query<{ t: string | null }>('SELECT Tags AS t FROM cost_lines ORDER BY source_row');
    expect(last.map((x) => x.t)).toEqual(['{"customer": "acme","env": "prod"}', '{"customer": "globex"}', null]);
  });

  it('mixed line ends and an extra field: the line is named after the ends are made one', async () => {
    const head = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ProviderName';
    const row = (n: number, extra = '') => `${n},${n},USD,2024-09-01,2024-09-02,Usage,Compute,Acme${extra}`;
    const text = `${head}\r\n${row(1)}\r\n${row(2, ',extra')}\n${row(3)}\n`;
    expect(await errorOf(loadText(engine, 'mixed.csv', text))).toBe(
      'mixed.csv: line 3: expected 8 comma-separated values like the header, found 9 (a value has an unquoted comma or the row has extra fields)',
    );
    // A CRLF inside a quoted cell is the cell's text, kept as written.
    await loadText(engine, 'quoted.csv', `${head}\r\n1,1,USD,2024-09-01,2024-09-02,Usage,"Com\r\npute",Acme\n${row(2)}\r\n`);
    expect((await engine.query('SELECT ServiceName AS s FROM cost_lines ORDER BY source_row')).map((x) => x.s)).toEqual(['Com\r\npute', 'Compute']);
  });
});
