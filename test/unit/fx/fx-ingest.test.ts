/** FX rate files through the real ingest pipeline: both layouts detected by header, rates exact, bad cells named. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine, errorOf, loadText, type Engine } from '../ingest/helpers';

const FIX = path.resolve(__dirname, '../../fixtures/fx');
let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const rates = (file: string) =>
  engine.query(
    `SELECT CAST(date AS VARCHAR) AS date, from_currency, to_currency, CAST(rate AS VARCHAR) AS rate, source_row FROM fx_rates WHERE source_file = ? ORDER BY date, to_currency`,
    [file],
  );

describe('FX rate files', () => {
  it('reads the ECB layout: EUR-based rates per date, N/A skipped, the trailing comma ignored, rates exact', async () => {
    const text = 'Date,USD,JPY,CYP,\n2024-03-04,1.0845,162.68,N/A,\n2024-03-01,1.0830,162.42,N/A,\n';
    const r = await loadText(engine, 'eurofxref-hist.csv', text);
    expect([r.kind, r.format, r.rows]).toEqual(['fx', 'ecb-eurofxref', 4]);
    expect(await rates('eurofxref-hist.csv')).toEqual([
      { date: '2024-03-01', from_currency: 'EUR', to_currency: 'JPY', rate: '162.420000000000000000', source_row: 2 },
      { date: '2024-03-01', from_currency: 'EUR', to_currency: 'USD', rate: '1.083000000000000000', source_row: 2 },
      { date: '2024-03-04', from_currency: 'EUR', to_currency: 'JPY', rate: '162.680000000000000000', source_row: 1 },
      { date: '2024-03-04', from_currency: 'EUR', to_currency: 'USD', rate: '1.084500000000000000', source_row: 1 },
    ]);
  });

  it('reads the plain date,from,to,rate layout with 18 decimals exactly', async () => {
    const r = await loadText(engine, 'rates.csv', 'date,from,to,rate\n2024-03-01,jpy,USD,0.006694167612345678\n');
    expect([r.kind, r.format, r.rows]).toEqual(['fx', 'fx-rates', 1]);
    expect(await rates('rates.csv')).toEqual([
      { date: '2024-03-01', from_currency: 'JPY', to_currency: 'USD', rate: '0.006694167612345678', source_row: 1 },
    ]);
  });

  it('loads the fixtures (ECB file of 28 dates × 5 published currencies)', async () => {
    const r = await loadText(engine, 'fixture-ecb.csv', readFileSync(path.join(FIX, 'eurofxref-hist.csv'), 'utf8'));
    expect([r.format, r.rows]).toEqual(['ecb-eurofxref', 28 * 5]);
  });

  it.each([
    [
      'date,from,to,rate\n2024-03-01,JPY,USD,0\n',
      'bad.csv: row 1, column "rate": expected a rate above 0 (a plain decimal, at most 18 decimals), got "0"',
    ],
    [
      'date,from,to,rate\n2024-03-01,JPY,USD,1e-3\n',
      'bad.csv: row 1, column "rate": expected a rate above 0 (a plain decimal, at most 18 decimals), got "1e-3"',
    ],
    ['date,from,to,rate\n2024-03-01,JPY,USD,0.0000000000000000001\n', 'got "0.0000000000000000001"'],
    [
      'date,from,to,rate\n2024-03-01,JPY,XXX,1.5\n',
      'bad.csv: row 1, column "to": expected an ISO 4217 currency code such as USD, EUR, JPY, got "XXX"',
    ],
    [
      'date,from,to,rate\n2024-03-01,JPY,USD,1.5\n03/02/2024,JPY,USD,1.5\n',
      'bad.csv: row 2, column "date": expected a date (YYYY-MM-DD), got "03/02/2024"',
    ],
    [
      'Date,USD,JPY,\n2024-03-01,1.08,abc,\n',
      'bad.csv: row 1, column "JPY": expected a rate above 0 (a plain decimal, at most 18 decimals), got "abc"',
    ],
  ])('refuses a bad cell in one line naming file, row, column, value and what was expected (%#)', async (text, message) => {
    const msg = await errorOf(loadText(engine, 'bad.csv', text));
    expect(msg).toContain(message);
    expect(msg).not.toContain('\n');
  });
});
