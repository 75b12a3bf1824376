/**
 * Money impact of an anomaly event, exact where the inputs are exact: the actual amounts are
 * summed as decimals (no float), the statistical expectation (a float estimate by nature) is
 * converted once to a decimal, and the difference is rounded once to the currency's minor units.
 */
import { formatMinor, parseDecimal, toMinorUnits, formatDecimal } from '../../model/money';

const SCALE = 18;

/** Σ actual (exact decimal strings) − expected (float), rounded once to minor units. */
export function moneyImpact(actualAmounts: string[], expectedTotal: number, currency: string): { impact: string; actual: string; expected: string } {
  let actual = 0n;
  for (const a of actualAmounts) actual += parseDecimal(a, SCALE);
  // The expectation carries ~15 significant digits; 6 decimals is below any currency's minor unit.
  const expected = parseDecimal(expectedTotal.toFixed(6), SCALE);
  const diff = formatDecimal(actual - expected, SCALE);
  return {
    impact: formatMinor(toMinorUnits(diff, currency), currency),
    actual: formatMinor(toMinorUnits(formatDecimal(actual, SCALE), currency), currency),
    expected: formatMinor(toMinorUnits(formatDecimal(expected, SCALE), currency), currency),
  };
}

/** |amount| in minor units, for ranking findings by money. */
export function absMinor(amount: string, currency: string): bigint {
  const v = toMinorUnits(amount, currency);
  return v < 0n ? -v : v;
}
