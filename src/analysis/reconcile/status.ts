/** The reconciliation status of one customer × SKU × period row (see the `finops analyze` contract). */
import type { ReconStatus } from '../../model/findings';
import { currencyExponent, parseDecimal } from '../../model/money';

export interface Tolerance {
  absolute: string;
  relative: string;
}

export interface StatusInput {
  customer: string;
  hasUsage: boolean;
  hasBilling: boolean;
  /** Minor units; null when the SKU has no price for this currency. */
  expectedMinor: bigint | null;
  billedMinor: bigint;
  /** Scale-18 fixed point. */
  quantityDelta: bigint;
  currency: string | null;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

export function withinTolerance(delta: bigint, expected: bigint, currency: string, tol: Tolerance): boolean {
  const absMinor = parseDecimal(tol.absolute, currencyExponent(currency), 'half-away');
  if (abs(delta) <= absMinor) return true;
  const rel = parseDecimal(tol.relative, 18, 'half-away');
  return rel > 0n && abs(delta) * 10n ** 18n <= rel * abs(expected);
}

export function reconStatus(i: StatusInput, tol: Tolerance): ReconStatus {
  if (i.customer === '') return 'unattributed';
  if (!i.hasBilling) return 'unbilled';
  // A zero line (0 units, 0 amount) with no usage agrees with the meter.
  if (!i.hasUsage) return i.billedMinor === 0n && i.quantityDelta === 0n ? 'matched' : 'billed_only';
  if (i.expectedMinor === null || i.currency === null) {
    // Unpriced SKU: only quantities can be compared.
    return i.quantityDelta === 0n ? 'matched' : i.quantityDelta > 0n ? 'overbilled' : 'underbilled';
  }
  const delta = i.billedMinor - i.expectedMinor;
  if (delta === 0n && i.quantityDelta === 0n) return 'matched';
  if (delta === 0n || withinTolerance(delta, i.expectedMinor, i.currency, tol)) return 'within_tolerance';
  // Same quantity, different money: the rate on the invoice is not the price book's.
  if (i.quantityDelta === 0n) return 'rate_mismatch';
  return delta > 0n ? 'overbilled' : 'underbilled';
}
