/** Rate lookup and exact conversion: latest rate on or before the date, staleness, inverse and EUR cross rates. */
import { describe, expect, it } from 'vitest';
import { convertExact, FxRates, toCurrencyMinor, type FxRate } from '../../../src/model/fx';

const rate = (date: string, from: string, to: string, r: string, row = 1): FxRate => {
  const [i, f = ''] = r.split('.');
  return { date, from, to, rate: BigInt(i + f.padEnd(18, '0')), source: `r.csv#${row}` };
};
const ecb = new FxRates([
  rate('2024-03-01', 'EUR', 'USD', '1.0830', 2),
  rate('2024-03-01', 'EUR', 'JPY', '162.42', 2),
  rate('2024-03-04', 'EUR', 'USD', '1.0845', 1),
  rate('2024-03-04', 'EUR', 'JPY', '162.68', 1),
]);

describe('FX rates', () => {
  it('a cross rate via EUR is the exact quotient, rounded once at the end', () => {
    const a = ecb.rateOn('JPY', 'USD', '2024-03-02');
    expect(a.rateDate).toBe('2024-03-01');
    expect(a.legs.map((l) => [l.rate.from, l.rate.to, l.inverted])).toEqual([
      ['EUR', 'JPY', true],
      ['EUR', 'USD', false],
    ]);
    // 1 JPY = 1.0830 / 162.42 USD = 10830 / 1624200 = 361 / 54140 (reduced).
    expect(a.factor).toEqual({ num: 361n, den: 54140n });
    // 1,234,567 JPY × 361 / 54140 = 445678687 / 54140 = 8231.9668... USD -> 8231.97.
    const usd = convertExact(1234567n, 0, a);
    expect(usd.num * 54140n).toBe(445678687n * usd.den);
    expect(toCurrencyMinor(usd, 'USD')).toBe(823197n);
  });

  it('the inverse of a listed pair, and USD -> JPY via EUR, are exact too', () => {
    expect(ecb.rateOn('USD', 'EUR', '2024-03-04').factor).toEqual({ num: 2000n, den: 2169n }); // 1 / 1.0845
    const a = ecb.rateOn('USD', 'JPY', '2024-03-04');
    expect(a.factor).toEqual({ num: 325360n, den: 2169n }); // 162.68 / 1.0845, reduced
    // 19.99 USD × 325360 / 2169 = 32519732 / 10845 = 2998.59... JPY -> 2999 (JPY has no minor units).
    expect(toCurrencyMinor(convertExact(1999n, 2, a), 'JPY')).toBe(2999n);
  });

  it('refuses a missing rate naming the currency and the date', () => {
    expect(() => ecb.rateOn('GBP', 'USD', '2024-03-04')).toThrow(
      /missing FX rate: cannot convert GBP to USD for 2024-03-04: no GBP→USD rate \(direct, inverse or via EUR\)/,
    );
    expect(() => ecb.rateOn('JPY', 'USD', '2024-02-29')).toThrow(/cannot convert JPY to USD for 2024-02-29/);
  });

  it('refuses a rate older than the staleness limit, and takes it with a longer limit', () => {
    expect(() => ecb.rateOn('JPY', 'USD', '2024-03-12')).toThrow(
      /cannot convert JPY to USD for 2024-03-12: the latest is 2024-03-04 \(8 days old; the limit is 7 days\)/,
    );
    expect(ecb.rateOn('JPY', 'USD', '2024-03-12', 8).rateDate).toBe('2024-03-04');
  });

  it('refuses two different rates for one pair and date, naming both rows', () => {
    expect(() => new FxRates([rate('2024-03-01', 'EUR', 'USD', '1.08', 1), rate('2024-03-01', 'EUR', 'USD', '1.09', 7)])).toThrow(
      'r.csv: row 7, column rate: expected one EUR→USD rate for 2024-03-01, but r.csv#1 says 1.08 and r.csv#7 says 1.09',
    );
  });
});
