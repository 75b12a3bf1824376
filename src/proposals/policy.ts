/**
 * Which findings become proposals and how amounts are treated. Thresholds are decimal strings in
 * major units (e.g. '0.50' USD) so a policy file never carries a float on a money path.
 */
import * as v from 'valibot';
import { currencyExponent, isKnownCurrency, parseDecimal } from '../model/money';
import { decimalOrNull, notList, parseWithSchema, strictJsonObject } from '../model/schema-error';
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

const nonNegative = (example: string, scale: number) => {
  const message = (i: v.BaseIssue<unknown>) => `must be a non-negative decimal string (e.g. "${example}"), got ${JSON.stringify(i.input)}`;
  return v.pipe(
    v.string(message),
    v.check((s) => (decimalOrNull(s, scale) ?? -1n) >= 0n, message),
  );
};

const currencyKey = v.pipe(
  v.string(),
  v.check(
    (k) => k === '*' || isKnownCurrency(k),
    (i) => `has unknown currency "${i.input}"`,
  ),
);

/** Major-unit amounts per currency ('*' = every other currency). */
const amounts = notList(v.record(currencyKey, nonNegative('0.50', 18)), 'must be an object of amounts per currency');

/** Cash rounding increments: per currency, above zero, a whole number of its minor units. */
const rounding = v.pipe(
  notList(
    v.record(
      v.pipe(
        currencyKey,
        v.check((k) => k !== '*', 'needs a currency code per increment'),
      ),
      nonNegative('0.05', 18),
    ),
    'must be an object of increments per currency',
  ),
  v.rawCheck<Record<string, string>>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const [cur, inc] of Object.entries(dataset.value)) {
      const message =
        decimalOrNull(inc) === 0n
          ? 'must be greater than zero'
          : decimalOrNull(inc, currencyExponent(cur)) === null
            ? `must be a whole number of ${cur} minor units, got "${inc}"`
            : null;
      if (message) return addIssue({ message, path: [{ type: 'object', origin: 'value', input: dataset.value, key: cur, value: inc }] });
    }
  }),
);

const POLICY_FIELDS = {
  include: v.optional(
    v.array(
      v.picklist(FINDING_CODES, (i) => `has unknown finding code "${i.input}" (expected one of ${FINDING_CODES.join(', ')})`),
      'must be a list of finding codes',
    ),
  ),
  minAmount: v.optional(amounts),
  toleranceAbs: v.optional(amounts),
  tolerancePct: v.optional(nonNegative('0.5', 6)),
  net: v.optional(v.boolean('must be true or false')),
  rounding: v.optional(rounding),
  confirmedFindingIds: v.optional(v.array(v.string('must be a list of ids'), 'must be a list of ids')),
};

const policySchema = strictJsonObject(
  POLICY_FIELDS,
  'expected a JSON object',
  `is not a policy setting (expected one of ${Object.keys(POLICY_FIELDS).join(', ')})`,
);

/** Fills a partial policy (e.g. from a policy file) with defaults and validates it; unknown keys are rejected. */
export function resolvePolicy(partial: Partial<Policy> = {}, source = 'policy'): Policy {
  const p = parseWithSchema(policySchema, partial, source, ({ path, expected }) =>
    path ? `${source}: "${path}" ${expected}` : `${source}: ${expected}`,
  );
  return {
    include: p.include ?? DEFAULT_POLICY.include,
    minAmount: { ...DEFAULT_POLICY.minAmount, ...p.minAmount },
    toleranceAbs: { ...DEFAULT_POLICY.toleranceAbs, ...p.toleranceAbs },
    tolerancePct: p.tolerancePct ?? DEFAULT_POLICY.tolerancePct,
    net: p.net ?? DEFAULT_POLICY.net,
    rounding: p.rounding ?? DEFAULT_POLICY.rounding,
    confirmedFindingIds: p.confirmedFindingIds ?? DEFAULT_POLICY.confirmedFindingIds,
  };
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
