/**
 * Proposals as JSON: bigint minor units become a decimal string in major units (`amount`) plus
 * the exact minor-unit integer as a string (`amount_minor`), so nothing passes through a float.
 */
import * as v from 'valibot';
import { UserError } from '../model/errors';
import { currencyExponent, formatDecimal, isKnownCurrency } from '../model/money';
import { decimalOrNull, jsonObject, parseWithSchema } from '../model/schema-error';
import {
  FINDING_CODES,
  totalsByCurrency,
  type ChargebeeReason,
  type CurrencyTotal,
  type EvidenceRef,
  type LagoReason,
  type Proposal,
  type StripeReason,
} from './model';

export type ProposalJson = Omit<Proposal, 'amount_minor'> & { amount: string; amount_minor: string };

export function proposalToJson(p: Proposal): ProposalJson {
  return { ...p, amount: formatDecimal(p.amount_minor, currencyExponent(p.currency)), amount_minor: p.amount_minor.toString() };
}

const STRING = 'must be a string';
const NON_EMPTY = 'must be a non-empty string';
const text = v.string(STRING);
const nonEmpty = v.pipe(v.string(NON_EMPTY), v.minLength(1, NON_EMPTY));
const nullableText = v.nullish(text, null);
const bigintOrNull = (s: string): bigint | null => {
  try {
    return BigInt(s);
  } catch {
    return null;
  }
};

/** One proposal as JSON; the amount is read against its currency's decimals, so it is checked last. */
const proposalSchema = v.pipe(
  jsonObject(
    {
      currency: v.pipe(
        nonEmpty,
        v.check(
          (c) => isKnownCurrency(c.toUpperCase()),
          (i) => `must be an ISO 4217 code, got "${i.input}"`,
        ),
      ),
      amount_minor: v.nullish(nonEmpty),
      amount: v.nullish(text),
      direction: v.pipe(text, v.picklist(['credit', 'debit'], 'must be "credit" or "debit"')),
      finding_code: v.pipe(text, v.picklist(FINDING_CODES, `must be one of ${FINDING_CODES.join(', ')}`)),
      confidence: v.pipe(
        v.number('must be a number from 0 to 1'),
        v.minValue(0, 'must be a number from 0 to 1'),
        v.maxValue(1, 'must be a number from 0 to 1'),
      ),
      evidence: v.array(
        v.custom<EvidenceRef>(() => true),
        'must be a list',
      ),
      proposal_id: nonEmpty,
      customer_id: text,
      sku: text,
      period: text,
      quantity_delta: v.nullish(text, ''),
      reason_stripe: v.nullish(
        v.custom<StripeReason>((x) => typeof x === 'string', STRING),
        null,
      ),
      reason_lago: v.nullish(
        v.custom<LagoReason>((x) => typeof x === 'string', STRING),
        null,
      ),
      reason_chargebee: v.nullish(
        v.custom<ChargebeeReason>((x) => typeof x === 'string', STRING),
        null,
      ),
      invoice_id: nullableText,
      line_id: nullableText,
      memo: text,
      window_start: v.nullish(text),
      window_end: v.nullish(text),
    },
    'must be an object',
  ),
  v.rawTransform(({ dataset, addIssue, NEVER }): Proposal => {
    const f = dataset.value;
    const e = currencyExponent(f.currency);
    const fail = (message: string) => {
      addIssue({ message, path: [{ type: 'object', origin: 'value', input: f, key: 'amount', value: f.amount }] });
      return NEVER;
    };
    if (f.amount_minor == null && f.amount == null) return fail(STRING);
    const amount = f.amount_minor != null ? bigintOrNull(f.amount_minor) : decimalOrNull(f.amount!, e);
    if (amount === null) return fail(`must be a decimal amount with at most ${e} decimals`);
    if (f.amount_minor != null && f.amount != null && decimalOrNull(f.amount, e) !== amount) return fail('disagrees with amount_minor');
    if (amount < 0n) return fail('must not be negative (direction carries the sign)');
    const p: Proposal = {
      proposal_id: f.proposal_id,
      direction: f.direction,
      customer_id: f.customer_id,
      sku: f.sku,
      period: f.period,
      currency: f.currency,
      amount_minor: amount,
      quantity_delta: f.quantity_delta,
      finding_code: f.finding_code,
      reason_stripe: f.reason_stripe,
      reason_lago: f.reason_lago,
      reason_chargebee: f.reason_chargebee,
      invoice_id: f.invoice_id,
      line_id: f.line_id,
      memo: f.memo,
      evidence: f.evidence,
      confidence: f.confidence,
    };
    if (f.window_start != null) p.window_start = f.window_start;
    if (f.window_end != null) p.window_end = f.window_end;
    return p;
  }),
);

/** Parses one proposal object; `where` names the file and position for the error message. */
export function proposalFromJson(o: unknown, where: string): Proposal {
  return parseWithSchema(proposalSchema, o, where, ({ path, expected }) => `${where}: "${path || 'proposal'}" ${expected}`);
}

export interface TotalJson {
  currency: string;
  credit: string;
  debit: string;
  net: string;
  credit_count: number;
  debit_count: number;
}

export function totalToJson(t: CurrencyTotal): TotalJson {
  const e = currencyExponent(t.currency);
  return {
    currency: t.currency,
    credit: formatDecimal(t.credit_minor, e),
    debit: formatDecimal(t.debit_minor, e),
    net: formatDecimal(t.net_minor, e),
    credit_count: t.credit_count,
    debit_count: t.debit_count,
  };
}

/** The proposals.json document `finops analyze` writes and `finops export` reads. */
export interface ProposalsDocument {
  format: 'finops-proposals';
  version: 1;
  totals: TotalJson[];
  proposals: ProposalJson[];
}

export function proposalsDocument(proposals: Proposal[]): ProposalsDocument {
  return {
    format: 'finops-proposals',
    version: 1,
    totals: totalsByCurrency(proposals).map(totalToJson),
    proposals: proposals.map(proposalToJson),
  };
}

/** Parses proposals.json (the document, or a bare list of proposals). */
export function parseProposalsDocument(text: string, file: string): Proposal[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`, { file, expected: 'a proposals.json document' });
  }
  const list = parseWithSchema(
    v.union(
      [
        v.array(v.unknown()),
        v.pipe(
          v.object({ proposals: v.array(v.unknown()) }),
          v.transform((d) => d.proposals),
        ),
      ],
      'proposals list',
    ),
    doc,
    file,
    () => `${file}: expected a proposals.json document with a "proposals" list`,
  );
  return list.map((o, i) => proposalFromJson(o, `${file}: proposals[${i}]`));
}
