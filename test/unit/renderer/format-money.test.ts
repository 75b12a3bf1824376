import { describe, expect, it } from 'vitest';
import { formatCount, formatDecimalText, formatMoney, formatPercent, formatPercentText } from '../../../renderer/lib/format-money';
import { formatRangeUtc, formatTimestampUtc } from '../../../renderer/lib/format-date';

describe('money display from exact decimal strings', () => {
  it('rounds once, half away from zero, with grouping', () => {
    expect(formatMoney('1234567.125000000000000000', 'USD').text).toBe('1,234,567.13');
    expect(formatMoney('-1234567.125', 'USD').text).toBe('(1,234,567.13)');
    expect(formatMoney('0.004999999999999999', 'USD').text).toBe('0.00');
    expect(formatMoney('0.004999999999999999', 'USD').roundedToZero).toBe(true);
    expect(formatMoney('0', 'USD').roundedToZero).toBe(false);
  });
  it('uses the currency exponent', () => {
    expect(formatMoney('1234.5', 'JPY').text).toBe('1,235');
    expect(formatMoney('1.0005', 'KWD').text).toBe('1.001');
    expect(formatMoney('12', 'XXX').text).toBe('12.00');
  });
  it('keeps digits beyond float precision', () => {
    expect(formatMoney('90071992547409931.01', 'USD').text).toBe('90,071,992,547,409,931.01');
  });
  it('flags negatives and supports minus-sign style', () => {
    const r = formatDecimalText('-0.5', 0, { accounting: false });
    expect(r).toEqual({ text: '−1', negative: true, roundedToZero: false });
  });
  it('formats counts and exact percentages', () => {
    expect(formatCount(1000000)).toBe('1,000,000');
    expect(formatCount(12345678901234567890n)).toBe('12,345,678,901,234,567,890');
    expect(formatPercent('1', '3')).toBe('33.3%');
    expect(formatPercent('-2', '3')).toBe('−66.7%');
    expect(formatPercent('1', '0')).toBeNull();
    expect(formatPercent('0.0005', '1', 1)).toBe('0.1%');
  });

  it('shows a value already in percent with its sign and %', () => {
    expect(formatPercentText('-158.8234')).toEqual({ text: '−158.82%', negative: true, roundedToZero: false });
    expect(formatPercentText('1234.5')).toMatchObject({ text: '1,234.50%', negative: false });
    expect(formatPercentText('').text).toBe('—');
  });
});

describe('UTC dates', () => {
  it('shows timestamps in UTC without local conversion', () => {
    // One shape down a column: midnight and whole minutes keep their time and seconds.
    expect(formatTimestampUtc('2024-09-01T00:00:00.000Z')).toBe('2024-09-01 00:00:00');
    expect(formatTimestampUtc('2024-09-01T13:05:00.000Z')).toBe('2024-09-01 13:05:00');
    expect(formatTimestampUtc('2024-09-01 13:05:07')).toBe('2024-09-01 13:05:07');
    expect(formatTimestampUtc('2024-09-01')).toBe('2024-09-01');
    expect(formatRangeUtc('2024-09-01', '2024-09-30T00:00:00.000Z')).toBe('2024-09-01 – 2024-09-30 UTC');
    // An exclusive end (FOCUS ChargePeriodEnd) is the instant after the range: its day is not in it.
    expect(formatRangeUtc('2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z', { endExclusive: true })).toBe('2024-03-01 – 2024-03-31 UTC');
    expect(formatRangeUtc('2024-03-01 00:00:00', '2024-04-01 00:00:00', { endExclusive: true })).toBe('2024-03-01 – 2024-03-31 UTC');
    expect(formatRangeUtc('2024-03-01T00:00:00Z', '2024-03-31T23:59:59Z', { endExclusive: true })).toBe('2024-03-01 – 2024-03-31 UTC');
    expect(formatRangeUtc('2024-03-01T00:00:00Z', '2024-03-31T13:00:00Z', { endExclusive: true })).toBe('2024-03-01 – 2024-03-31 UTC');
    // Usage events are instants: the last event's day is in the range.
    expect(formatRangeUtc('2024-03-01T00:12:00Z', '2024-04-01T00:00:00Z')).toBe('2024-03-01 – 2024-04-01 UTC');
  });
});
