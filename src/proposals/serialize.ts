/**
 * Proposals as JSON: bigint minor units become a decimal string in major units (`amount`) plus
 * the exact minor-unit integer as a string (`amount_minor`), so nothing passes through a float.
 */
import { UserError } from '../model/errors';
import { currencyExponent, formatDecimal, parseDecimal } from '../model/money';
import { FINDING_CODES, totalsByCurrency, type CurrencyTotal, type Proposal } from './model';

export type ProposalJson = Omit<Proposal, 'amount_minor'> & { amount: string; amount_minor: string };

export function proposalToJson(p: Proposal): ProposalJson {
  return { ...p, amount: formatDecimal(p.amount_minor, currencyExponent(p.currency)), amount_minor: p.amount_minor.toString() };
}

/** Parses one proposal object; `where` names the file and position for the error message. */
export function proposalFromJson(o: unknown, where: string): Proposal {
  const bad = (column: string, expected: string): never => {
    throw new UserError(`${where}: "${column}" ${expected}`, { file: where, column, expected });
  };
  if (typeof o !== 'object' || o === null) return bad('proposal', 'must be an object');
  const j = o as Record<string, unknown>;
  const str = (k: string, allowEmpty = true): string => {
    const v = j[k];
    if (typeof v !== 'string' || (!allowEmpty && v === '')) bad(k, allowEmpty ? 'must be a string' : 'must be a non-empty string');
    return v as string;
  };
  const nullableStr = (k: string): string | null => (j[k] == null ? null : str(k));
  const currency = str('currency', false);
  try {
    currencyExponent(currency);
  } catch {
    bad('currency', `must be an ISO 4217 code, got "${currency}"`);
  }
  let amount: bigint;
  try {
    amount = j.amount_minor != null ? BigInt(str('amount_minor', false)) : parseDecimal(str('amount'), currencyExponent(currency));
  } catch (e) {
    if (e instanceof UserError) throw e;
    return bad('amount', `must be a decimal amount with at most ${currencyExponent(currency)} decimals`);
  }
  if (j.amount != null && j.amount_minor != null && parseDecimal(str('amount'), currencyExponent(currency)) !== amount) {
    bad('amount', 'disagrees with amount_minor');
  }
  if (amount < 0n) bad('amount', 'must not be negative (direction carries the sign)');
  const direction = str('direction');
  if (direction !== 'credit' && direction !== 'debit') bad('direction', 'must be "credit" or "debit"');
  const code = str('finding_code');
  if (!(FINDING_CODES as readonly string[]).includes(code)) bad('finding_code', `must be one of ${FINDING_CODES.join(', ')}`);
  const confidence = j.confidence;
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) bad('confidence', 'must be a number from 0 to 1');
  if (!Array.isArray(j.evidence)) bad('evidence', 'must be a list');
  const p: Proposal = {
    proposal_id: str('proposal_id', false),
    direction: direction as Proposal['direction'],
    customer_id: str('customer_id'),
    sku: str('sku'),
    period: str('period'),
    currency,
    amount_minor: amount,
    quantity_delta: j.quantity_delta == null ? '' : str('quantity_delta'),
    finding_code: code as Proposal['finding_code'],
    reason_stripe: nullableStr('reason_stripe') as Proposal['reason_stripe'],
    reason_lago: nullableStr('reason_lago') as Proposal['reason_lago'],
    reason_chargebee: nullableStr('reason_chargebee') as Proposal['reason_chargebee'],
    invoice_id: nullableStr('invoice_id'),
    line_id: nullableStr('line_id'),
    memo: str('memo'),
    evidence: j.evidence as Proposal['evidence'],
    confidence: confidence as number,
  };
  if (j.window_start != null) p.window_start = str('window_start');
  if (j.window_end != null) p.window_end = str('window_end');
  return p;
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
  const list = Array.isArray(doc) ? doc : (doc as { proposals?: unknown })?.proposals;
  if (!Array.isArray(list)) {
    throw new UserError(`${file}: expected a proposals.json document with a "proposals" list`, { file, expected: 'proposals list' });
  }
  return list.map((o, i) => proposalFromJson(o, `${file}: proposals[${i}]`));
}
