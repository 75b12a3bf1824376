/**
 * Which findings become proposals and how amounts are treated. Thresholds are decimal strings in
 * major units (e.g. '0.50' USD) so a policy file never carries a float on a money path.
 */
import { UserError } from '../model/errors';
import { currencyExponent, isKnownCurrency, parseDecimal } from '../model/money';
import { FINDING_CODES, type FindingCode } from './model';

export interface Policy {
  /** Finding codes that may become proposals. */
  include: FindingCode[];
  /** Smallest amount worth a memo, per currency ('*' = every other currency); major units. */
  minAmount: Record<string, string>;
  /** A reconciliation delta within this absolute amount (major units, per currency or '*') is ignored. */
  toleranceAbs: Record<string, string>;
  /** ... or within this percentage of the expected amount (e.g. '0.5' = 0.5 %). */
  tolerancePct: string;
  /** Net credits against debits per customer, period and currency into one proposal. */
  net: boolean;
  /** Cash rounding increment per currency in major units (e.g. CHF '0.05'); default = minor unit. */
  rounding: Record<string, string>;
  /** Anomaly and fraud findings become proposals only once an analyst confirmed their id. */
  confirmedFindingIds: string[];
}

export const DEFAULT_POLICY: Policy = {
  // Every finding ('netted' is made by netting, not found). Unattributed usage is proposed with a
  // low confidence and routed to "needs attribution" by the billing exports.
  include: FINDING_CODES.filter((c) => c !== 'netted'),
  minAmount: { '*': '0' },
  toleranceAbs: { '*': '0' },
  tolerancePct: '0',
  net: false,
  rounding: {},
  confirmedFindingIds: [],
};

/** Fills a partial policy (e.g. from a config file) with defaults and validates it. */
export function resolvePolicy(partial: Partial<Policy> = {}, source = 'policy'): Policy {
  const p: Policy = {
    ...DEFAULT_POLICY,
    ...partial,
    minAmount: { ...DEFAULT_POLICY.minAmount, ...(partial.minAmount ?? {}) },
    toleranceAbs: { ...DEFAULT_POLICY.toleranceAbs, ...(partial.toleranceAbs ?? {}) },
  };
  const bad = (column: string, expected: string) =>
    new UserError(`${source}: "${column}" ${expected}`, { file: source, column, expected });
  if (!Array.isArray(p.include)) throw bad('include', 'must be a list of finding codes');
  for (const c of p.include) {
    if (!FINDING_CODES.includes(c)) throw bad('include', `has unknown finding code "${c}" (expected one of ${FINDING_CODES.join(', ')})`);
  }
  const checkAmounts = (name: string, rec: Record<string, string>) => {
    for (const [cur, v] of Object.entries(rec)) {
      if (cur !== '*' && !isKnownCurrency(cur)) throw bad(name, `has unknown currency "${cur}"`);
      try {
        if (typeof v !== 'string' || parseDecimal(v, 18) < 0n) throw new Error('not a decimal string');
      } catch {
        throw bad(`${name}.${cur}`, `must be a non-negative decimal string (e.g. "0.50"), got ${JSON.stringify(v)}`);
      }
    }
  };
  checkAmounts('minAmount', p.minAmount);
  checkAmounts('toleranceAbs', p.toleranceAbs);
  checkAmounts('rounding', p.rounding);
  for (const [cur, inc] of Object.entries(p.rounding)) {
    if (cur === '*') throw bad('rounding', 'needs a currency code per increment');
    const minor = parseDecimal(inc, 18);
    if (minor === 0n) throw bad(`rounding.${cur}`, 'must be greater than zero');
    try {
      parseDecimal(inc, currencyExponent(cur));
    } catch {
      throw bad(`rounding.${cur}`, `must be a whole number of ${cur} minor units, got "${inc}"`);
    }
  }
  try {
    if (typeof p.tolerancePct !== 'string' || parseDecimal(p.tolerancePct, 6) < 0n) throw new Error('not a decimal string');
  } catch {
    throw bad('tolerancePct', `must be a non-negative decimal string (e.g. "0.5"), got ${JSON.stringify(p.tolerancePct)}`);
  }
  if (typeof p.net !== 'boolean') throw bad('net', 'must be true or false');
  if (!Array.isArray(p.confirmedFindingIds)) throw bad('confirmedFindingIds', 'must be a list of ids');
  return p;
}

/** A per-currency major-unit threshold from a policy map, in the currency's minor units (rounded half away). */
export function thresholdMinor(map: Record<string, string>, currency: string): bigint {
  const v = map[currency] ?? map['*'] ?? '0';
  return parseDecimal(v, currencyExponent(currency), 'half-away');
}

/** Rounds minor units to the policy's cash-rounding increment for the currency, half away from zero. */
export function roundToIncrement(minor: bigint, currency: string, policy: Policy): bigint {
  const inc = policy.rounding[currency];
  if (!inc) return minor;
  const step = parseDecimal(inc, currencyExponent(currency));
  if (step <= 1n) return minor;
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  // Half away from zero: a remainder of at least half a step rounds the magnitude up.
  const rounded = (abs % step) * 2n >= step ? (abs / step + 1n) * step : (abs / step) * step;
  return neg ? -rounded : rounded;
}
