/**
 * Locale dates (test/fixtures/cells, see its README): read only in a declared format or one the
 * whole column decides; otherwise refused naming row, column, value and what was expected.
 * Never the year 4 (DuckDB's own cast reads `4/1/25` as 0004-01-25).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { defaultBillingConfig } from '../../../src/model/mappings';
import { UserError } from '../../../src/model/errors';
import { adapters, createNodeEngine, errorOf, loadText, type Engine } from './helpers';

const DIR = path.resolve(__dirname, '../../fixtures/cells');
const fixture = (f: string) => path.join(DIR, f);
const usageMapping = (extra: Record<string, string> = {}) =>
  createAdapterRegistry({
    ...defaultBillingConfig(),
    usageCsvMapping: { event_id: 'event_id', customer_id: 'customer', sku: 'meter', ts: 'time', quantity: 'quantity', ...extra },
  });

describe('locale dates', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());
  beforeEach(async () => {
    for (const t of ['cost_lines', 'cost_tags', 'usage_events']) await engine.exec(`DELETE FROM ${t}`).catch(() => {});
  });

  it('Azure EA re-saved with two-digit years (m/d/yy) is refused, never read as the year 4 or 23', async () => {
    const msg = await errorOf(loadLocalFile(engine, fixture('azure-ea-excel-short-dates.csv'), { adapters }));
    expect(msg).toMatch(
      /^azure-ea-excel-short-dates\.csv: row 1, column "(Date|BillingPeriod\w+)": expected a date like 9\/30\/2024 \(M\/D\/YYYY\), got "9\/\d+\/23"$/,
    );
    expect((await engine.query('SELECT count(*) AS n FROM cost_lines'))[0].n).toBe(0);
  });

  it('an undecided column is refused offering the formats the user may declare (the app shows them)', async () => {
    const err = await loadLocalFile(engine, fixture('focus-excel-us-dates.csv'), { adapters }).catch((e: unknown) => e as UserError);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).details).toMatchObject({ row: expect.any(Number), column: expect.any(String), dateFormats: ['M/D/YYYY', 'D/M/YYYY'] });
    const head = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ProviderName\n';
    const short = await loadText(engine, 'short-offer.csv', head + '1,1,USD,4/1/25,4/2/25,Usage,Compute,Acme\n').catch(
      (e: unknown) => e as UserError,
    );
    expect((short as UserError).details.dateFormats).toEqual(['M/D/YY', 'D/M/YY']);
  });

  it('a short date in a FOCUS file is refused: two-digit years only when declared', async () => {
    const head = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ProviderName\n';
    expect(await errorOf(loadText(engine, 'short.csv', head + '1,1,USD,2025-04-01,4/2/25,Usage,Compute,Acme\n'))).toBe(
      'short.csv: row 1, column "ChargePeriodEnd": expected a four-digit year (two-digit years are read only with a declared format such as M/D/YY), got "4/2/25"',
    );
    const r = await loadText(engine, 'short.csv', head + '1,1,USD,4/1/25,4/2/25,Usage,Compute,Acme\n', { dateFormat: 'M/D/YY' });
    expect(r.dateRange).toEqual({ start: '2025-04-01T00:00:00.000Z', end: '2025-04-02T00:00:00.000Z' });
  });

  it('FOCUS re-saved by Excel (m/d/yyyy h:mm): billing periods on the 1st leave the order open until declared', async () => {
    const msg = await errorOf(loadLocalFile(engine, fixture('focus-excel-us-dates.csv'), { adapters }));
    expect(msg).toMatch(
      /^focus-excel-us-dates\.csv: row 1, column "BillingPeriod(Start|End)": expected a date whose day and month can be told apart: no day above 12 tells M\/D\/YYYY from D\/M\/YYYY; declare the date format, got "(9|10)\/1\/2024 0:00"$/,
    );
    const r = await loadLocalFile(engine, fixture('focus-excel-us-dates.csv'), { adapters, dateFormat: 'M/D/YYYY' });
    expect(r.rows).toBe(4);
    const rows = await engine.query<{ b: string; c: string }>(
      `SELECT strftime(BillingPeriodStart, '%Y-%m-%d') AS b, strftime(ChargePeriodStart, '%Y-%m-%d %H:%M') AS c FROM cost_lines ORDER BY source_row`,
    );
    expect(rows).toEqual([
      { b: '2024-09-01', c: '2024-09-01 00:00' },
      { b: '2024-09-01', c: '2024-09-04 10:00' },
      { b: '2024-09-01', c: '2024-09-18 22:00' },
      { b: '2024-09-01', c: '2024-09-30 22:00' },
    ]);
    // Declared D/M: 9/18/2024 has no 18th month, refused (not swapped).
    expect(await errorOf(loadLocalFile(engine, fixture('focus-excel-us-dates.csv'), { adapters, dateFormat: 'D/M/YYYY' }))).toMatch(
      /row 3, column "ChargePeriod(Start|End)": expected a date like 30\/9\/2024 \(D\/M\/YYYY\), got "9\/18\/2024 2[23]:00"/,
    );
  });

  it('usage CSV from a day-first Excel: a day above 12 decides D/M for the whole column', async () => {
    const r = await loadLocalFile(engine, fixture('usage-excel-dmy.csv'), { adapters: usageMapping() });
    expect(r.rows).toBe(3);
    const ts = await engine.query<{ t: string }>(`SELECT strftime(ts, '%Y-%m-%d %H:%M') AS t FROM usage_events ORDER BY source_row`);
    expect(ts.map((x) => x.t)).toEqual(['2025-03-01 09:30', '2025-03-13 17:05', '2025-04-02 00:00']);
  });

  it('usage CSV whose days are all 12 or less: refused, or read as the mapping declares', async () => {
    expect(await errorOf(loadLocalFile(engine, fixture('usage-excel-dmy-ambiguous.csv'), { adapters: usageMapping() }))).toBe(
      'usage-excel-dmy-ambiguous.csv: row 1, column "time": expected a date whose day and month can be told apart: no day above 12 tells M/D/YYYY from D/M/YYYY; declare the date format, got "01/03/2025 09:30"',
    );
    await loadLocalFile(engine, fixture('usage-excel-dmy-ambiguous.csv'), { adapters: usageMapping({ date_format: 'D/M/YYYY' }) });
    const ts = await engine.query<{ t: string }>(`SELECT strftime(ts, '%Y-%m-%d') AS t FROM usage_events ORDER BY source_row`);
    expect(ts.map((x) => x.t)).toEqual(['2025-03-01', '2025-03-02']);
    expect(() => usageMapping({ date_format: 'DD.MM.YYYY' })).toThrow(
      'usage_csv_mapping.date_format: expected one of M/D/YYYY, D/M/YYYY, M/D/YY, D/M/YY, got "DD.MM.YYYY"',
    );
  });

  it('both orders in one column are refused, naming both rows', async () => {
    const text = readFileSync(fixture('usage-excel-dmy.csv'), 'utf8') + 'ev-4,acme,api_calls,03/14/2025 08:00,1\r\n';
    expect(await errorOf(loadText(engine, 'mixed.csv', text, { adapters: usageMapping() }))).toBe(
      'mixed.csv: row 4, column "time": expected one date order for the whole column (row 2 has 13/03/2025 17:05, D/M), got "03/14/2025 08:00"',
    );
  });
});
