import { describe, expect, it } from 'vitest';
import { priceQuantity, roundHalfAway, validAt, type PriceRow } from '../../../src/analysis/reconcile/pricing';
import { reconStatus } from '../../../src/analysis/reconcile/status';
import { ratio, splitExact } from '../../../src/analysis/margin/margin';

const row = (p: Partial<PriceRow>): PriceRow => ({
  sku: 's',
  currency: 'USD',
  unit_price: '0',
  tier_mode: null,
  tier_from: null,
  tier_to: null,
  free_quantity: null,
  valid_from: null,
  valid_to: null,
  ...p,
});

describe('pricing is exact and rounds once', () => {
  it('0.1 + 0.2 units at 1.00 is 0.30 exactly', () => {
    expect(priceQuantity('0.3', [row({ unit_price: '1.00' })], 'USD')!.minor).toBe(30n);
  });
  it('rounds the line amount half away from zero, once', () => {
    // 3 × 0.005 = 0.015 -> 0.02 (a per-unit rounding would give 0.00 or 0.03)
    expect(priceQuantity('3', [row({ unit_price: '0.005' })], 'USD')!.minor).toBe(2n);
    expect(roundHalfAway(-15n, 3, 2)).toBe(-2n);
  });
  it('free quantity, graduated and volume tiers', () => {
    expect(priceQuantity('1500', [row({ unit_price: '0.002', free_quantity: '500' })], 'USD')!.minor).toBe(200n);
    const tiers = (mode: 'graduated' | 'volume') => [
      row({ tier_mode: mode, tier_from: '0', tier_to: '1000', unit_price: '0.10' }),
      row({ tier_mode: mode, tier_from: '1000', tier_to: null, unit_price: '0.08' }),
    ];
    expect(priceQuantity('1500', tiers('graduated'), 'USD')!.minor).toBe(14000n); // 100 + 40
    expect(priceQuantity('1500', tiers('volume'), 'USD')!.minor).toBe(12000n); // 1500 × 0.08
    expect(priceQuantity('999.5', tiers('volume'), 'USD')!.minor).toBe(9995n);
  });
  it('values near 10^12 in JPY (0 decimals) and KWD (3 decimals) stay exact', () => {
    expect(priceQuantity('999999999999', [row({ currency: 'JPY', unit_price: '1.5' })], 'JPY')!.minor).toBe(1499999999999n); // 1499999999998.5 -> up
    expect(priceQuantity('999999999999.999', [row({ currency: 'KWD', unit_price: '1.0005' })], 'KWD')!.minor).toBe(1000499999999999n);
  });
  it('validity dates pick the price in force at the period start', () => {
    const book = [row({ unit_price: '1.00', valid_to: '2024-03-01T00:00:00' }), row({ unit_price: '1.20', valid_from: '2024-03-01T00:00:00' })];
    expect(validAt(book, '2024-02-01T00:00:00').map((r) => r.unit_price)).toEqual(['1.00']);
    expect(validAt(book, '2024-03-01T00:00:00').map((r) => r.unit_price)).toEqual(['1.20']);
  });
  it('a period start read as a date (the wasm build truncates a month to a DATE) is its first instant', () => {
    const book = [row({ unit_price: '1.00', valid_to: '2024-07-01T00:00:00' }), row({ unit_price: '1.20', valid_from: '2024-07-01T00:00:00' })];
    expect(validAt(book, '2024-07-01').map((r) => r.unit_price)).toEqual(['1.20']);
    expect(validAt(book, '2024-06-01').map((r) => r.unit_price)).toEqual(['1.00']);
    expect(validAt(book, '2024-07-01 00:00:00').map((r) => r.unit_price)).toEqual(['1.20']);
  });
  it('exact ratios and splits without floats', () => {
    expect(ratio(1n, 3n, 4)).toBe('0.3333');
    expect(ratio(-2n, 3n, 2)).toBe('-0.67');
    const parts = splitExact(100n, [1n, 1n, 1n]);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(100n);
    expect(parts).toEqual([34n, 33n, 33n]);
  });
});

describe('status', () => {
  const tol = { absolute: '0.05', relative: '0' };
  const base = { customer: 'c', hasUsage: true, hasBilling: true, expectedMinor: 1000n, billedMinor: 1000n, quantityDelta: 0n, currency: 'USD' };
  it('covers every contract status', () => {
    expect(reconStatus(base, tol)).toBe('matched');
    expect(reconStatus({ ...base, billedMinor: 1004n, quantityDelta: 1n }, tol)).toBe('within_tolerance');
    expect(reconStatus({ ...base, billedMinor: 1100n, quantityDelta: 10n }, tol)).toBe('overbilled');
    expect(reconStatus({ ...base, billedMinor: 900n, quantityDelta: -10n }, tol)).toBe('underbilled');
    expect(reconStatus({ ...base, billedMinor: 1100n }, tol)).toBe('rate_mismatch');
    expect(reconStatus({ ...base, hasBilling: false }, tol)).toBe('unbilled');
    expect(reconStatus({ ...base, hasUsage: false }, tol)).toBe('billed_only');
    expect(reconStatus({ ...base, customer: '' }, tol)).toBe('unattributed');
    expect(reconStatus({ ...base, billedMinor: 1010n, quantityDelta: 1n }, { absolute: '0', relative: '0.01' })).toBe('within_tolerance');
  });
});
