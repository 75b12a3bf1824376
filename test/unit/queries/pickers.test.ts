import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { currencyChoices, fxCurrencyChoices, periodChoices } from '../../../src/queries/pickers/choices';
import { demoTables } from './demo-company';

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

describe('pickers', () => {
  it('offers the months and currencies of the demo company, and no FX currency before rates are loaded', async () => {
    expect(await runQuery(engine, periodChoices())).toEqual([{ p: '2024-03' }]);
    // The demo bills one customer in JPY; its provider cost is in USD.
    expect(await runQuery(engine, currencyChoices())).toEqual([{ c: 'JPY' }, { c: 'USD' }]);
    expect(await runQuery(engine, fxCurrencyChoices())).toEqual([]);
    await engine.exec(
      `INSERT INTO fx_rates (date, from_currency, to_currency, rate) VALUES (DATE '2024-03-01', 'EUR', 'JPY', 162.1), (DATE '2024-03-01', 'EUR', 'USD', 1.08)`,
    );
    expect(await runQuery(engine, fxCurrencyChoices())).toEqual([{ c: 'EUR' }, { c: 'JPY' }, { c: 'USD' }]);
  });
});
