import { describe, expect, it } from 'vitest';
import { coverageText } from '../../../renderer/features/overview/coverage-text';
import type { CoverageRow } from '../../../src/queries/overview/coverage';

const rows: CoverageRow[] = [
  { source: 'usage', period: '2024-03', currency: null, n: 497 },
  { source: 'cost', period: '2024-03', currency: 'USD', n: 403 },
  { source: 'cost', period: '2024-04', currency: 'EUR', n: 2 },
  { source: 'ledger', period: '2024-03', currency: 'USD', n: 15 },
];

describe('coverageText', () => {
  it('names the months the data is loaded for when the selected one has none', () => {
    expect(coverageText(rows, { source: 'usage', noun: 'usage', label: 'usage', period: '2024-04', currency: null })).toBe(
      'No usage in 2024-04 (usage loaded for 2024-03)',
    );
    expect(coverageText(rows, { source: 'ledger', noun: 'revenue', label: 'ledger', period: '2024-04', currency: 'USD' })).toBe(
      'No USD revenue in 2024-04 (ledger loaded for 2024-03)',
    );
  });

  it('names the currencies the data is in when the selected one has none', () => {
    expect(coverageText(rows, { source: 'cost', noun: 'cost', label: 'cost', period: 'all', currency: 'JPY' })).toBe(
      'No JPY cost (cost loaded in EUR, USD)',
    );
    expect(coverageText(rows, { source: 'cost', noun: 'cost', label: 'cost', period: '2024-04', currency: 'JPY' })).toBe(
      'No JPY cost in 2024-04 (cost loaded in EUR, USD)',
    );
    expect(coverageText(rows, { source: 'ledger', noun: 'revenue', label: 'ledger', period: '2024-05', currency: 'JPY' })).toBe(
      'No JPY revenue in 2024-05 (ledger loaded in USD for 2024-03)',
    );
  });

  it('says nothing when the data is in scope or not loaded at all (the tile asks for the file)', () => {
    expect(coverageText(rows, { source: 'usage', noun: 'usage', label: 'usage', period: '2024-03', currency: null })).toBeNull();
    expect(coverageText(rows, { source: 'cost', noun: 'cost', label: 'cost', period: 'all', currency: 'USD' })).toBeNull();
    expect(coverageText([], { source: 'usage', noun: 'usage', label: 'usage', period: '2024-04', currency: null })).toBeNull();
  });

  it('lists many months as a range', () => {
    const months = ['2024-01', '2024-02', '2024-03', '2024-05'].map((period) => ({ source: 'usage' as const, period, currency: null, n: 1 }));
    expect(coverageText(months, { source: 'usage', noun: 'usage', label: 'usage', period: '2024-04', currency: null })).toBe(
      'No usage in 2024-04 (usage loaded for 2024-01 to 2024-05, 4 months)',
    );
  });
});
