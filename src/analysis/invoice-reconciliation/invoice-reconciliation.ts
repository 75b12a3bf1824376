/**
 * FOCUS 1.4 Invoice Reconciliation: cost and usage `BilledCost` against the Invoice Detail
 * dataset per `InvoiceIssuerName` + `InvoiceId` + currency (the feature's reference query, made
 * exact), and per `InvoiceDetailId` where cost lines carry it. Tax is compared apart (cost and
 * usage data often leaves it out: only compared when the cost side has Tax lines), the payment
 * currency amounts are summed alongside (lineage), and each scope carries its billing period's
 * status (Billing Period dataset) and its invoice's issue status. Sums are exact DECIMAL, rounded
 * once to the currency's minor units; a difference is a finding with the rows that make it.
 *
 * Corrections need no special case: the specification puts them on rows of their own with a
 * different InvoiceId (correction handling), and a credit note is its own invoice whose
 * ReferenceInvoiceId names the one it adjusts; both reconcile on their own InvoiceId.
 */
import type { Engine } from '../../engine/engine';
import { currencyExponent, formatDecimal, isKnownCurrency, parseDecimal } from '../../model/money';
import { roundHalfAway, S } from '../reconcile/pricing';

export type InvoiceReconciliationStatus =
  | 'matched'
  /** Non-tax BilledCost differs. */
  | 'variance'
  /** Non-tax amounts agree; tax differs where the cost data has tax lines. */
  | 'tax_variance'
  /** Only tax on the invoice side and no tax lines in the cost data: shown apart, not a difference. */
  | 'tax_only'
  /** On the invoice, no cost lines. */
  | 'invoice_only'
  /** Cost lines name an invoice (detail) the Invoice Detail dataset does not have. */
  | 'cost_only'
  /** The invoice is on both sides, in different currencies. */
  | 'currency_mismatch'
  /** An InvoiceDetailId given twice within one invoice (the data generator must not make consumers deduplicate). */
  | 'duplicate_detail';

export interface InvoiceReconciliationRow {
  /** 'invoice' (per InvoiceId) or 'detail' (per InvoiceDetailId, when cost lines carry it). */
  level: 'invoice' | 'detail';
  invoice_issuer_name: string;
  invoice_id: string;
  invoice_detail_id: string;
  currency: string;
  billing_account_id: string;
  /** 'YYYY-MM' of BillingPeriodStart. */
  billing_period: string;
  /** Open | Closed from the Billing Period dataset; '' when it was not loaded. */
  billing_period_status: string;
  /** Open | Issued | Voided; '' for scopes only the cost data has. */
  invoice_issue_status: string;
  reference_invoice_id: string;
  invoice_billed_cost: string;
  cost_billed_cost: string;
  /** invoice − cost, non-tax. */
  variance: string;
  invoice_tax: string;
  cost_tax: string;
  tax_variance: string;
  payment_currency: string;
  payment_currency_billed_cost: string | null;
  status: InvoiceReconciliationStatus;
  invoice_lines: number;
  cost_lines: number;
  /** Invoice Detail rows of the scope (every one). */
  invoice_rows: { file: string; row: number }[];
  /** Cost rows of the scope, the first ROW_SAMPLE by file and row (cost_lines counts them all). */
  cost_rows: { file: string; row: number }[];
  explanation: string;
}

/** Cost rows listed per scope: an invoice can have millions; the rest are a query away (InvoiceId). */
export const ROW_SAMPLE = 25;

const SIDES = `
  inv_issuer AS (
    SELECT "InvoiceId" AS inv, any_value("InvoiceIssuerName") AS issuer FROM invoice_details
    GROUP BY 1 HAVING count(DISTINCT "InvoiceIssuerName") = 1),
  sides AS (
    SELECT 'i' AS side, coalesce("InvoiceIssuerName", '') AS issuer, "InvoiceId" AS inv, coalesce("InvoiceDetailId", '') AS det,
      coalesce("BillingCurrency", '') AS cur, "ChargeCategory" = 'Tax' AS tax, "BilledCost" AS billed,
      "BillingAccountId" AS acct, "BillingPeriodStart" AS bps, "InvoiceIssueStatus" AS issue, "ReferenceInvoiceId" AS ref,
      "PaymentCurrency" AS pcur, "PaymentCurrencyBilledCost" AS pbilled, source_file, source_row
    FROM invoice_details WHERE "InvoiceId" IS NOT NULL
    UNION ALL
    SELECT 'c', coalesce(c."InvoiceIssuerName", u.issuer, ''), c."InvoiceId", coalesce(c."InvoiceDetailId", ''),
      coalesce(c."BillingCurrency", ''), coalesce(c."ChargeCategory" = 'Tax', false), coalesce(c."BilledCost", 0),
      c."BillingAccountId", c."BillingPeriodStart", NULL, NULL, NULL, NULL, c.source_file, c.source_row
    FROM cost_lines c LEFT JOIN inv_issuer u ON c."InvoiceIssuerName" IS NULL AND u.inv = c."InvoiceId"
    WHERE c."InvoiceId" IS NOT NULL)`;

/** Scope keys per level: the detail level only for invoices whose cost lines carry InvoiceDetailId. */
function scopeSql(level: 'invoice' | 'detail'): string {
  const det = level === 'detail' ? 'det' : "''";
  const where = level === 'detail' ? `WHERE (issuer, inv) IN (SELECT issuer, inv FROM sides WHERE side = 'c' AND det <> '')` : '';
  return `SELECT '${level}' AS level, issuer, inv, ${det} AS det, cur, side, tax, billed, acct, bps, issue, ref, pcur, pbilled, source_file, source_row
    FROM sides ${where}`;
}

const GROUPS = `
  SELECT level, issuer, inv, det, cur,
    coalesce(any_value(acct) FILTER (WHERE side = 'i'), any_value(acct)) AS acct,
    coalesce(strftime(min(bps) FILTER (WHERE side = 'i'), '%Y-%m'), strftime(min(bps), '%Y-%m'), '') AS bp,
    min(bps) FILTER (WHERE side = 'i') AS bps_i, min(bps) AS bps_any,
    coalesce(string_agg(DISTINCT issue, ' ' ORDER BY issue), '') AS issue,
    coalesce(string_agg(DISTINCT ref, ' ' ORDER BY ref) FILTER (WHERE ref <> inv), '') AS ref,
    coalesce(string_agg(DISTINCT pcur, ' ' ORDER BY pcur), '') AS pcur,
    CAST(sum(pbilled) AS DECIMAL(38,18)) AS pbilled,
    count(*) FILTER (WHERE side = 'i') AS ni, count(*) FILTER (WHERE side = 'c') AS nc,
    count(*) FILTER (WHERE side = 'c' AND tax) AS nc_tax,
    CAST(coalesce(sum(billed) FILTER (WHERE side = 'i' AND NOT tax), 0) AS DECIMAL(38,18)) AS i_billed,
    CAST(coalesce(sum(billed) FILTER (WHERE side = 'c' AND NOT tax), 0) AS DECIMAL(38,18)) AS c_billed,
    CAST(coalesce(sum(billed) FILTER (WHERE side = 'i' AND tax), 0) AS DECIMAL(38,18)) AS i_tax,
    CAST(coalesce(sum(billed) FILTER (WHERE side = 'c' AND tax), 0) AS DECIMAL(38,18)) AS c_tax
  FROM scoped GROUP BY level, issuer, inv, det, cur`;

const DUPLICATES = `SELECT coalesce("InvoiceIssuerName", '') AS issuer, "InvoiceId" AS inv, "InvoiceDetailId" AS det
  FROM invoice_details WHERE "InvoiceDetailId" IS NOT NULL GROUP BY ALL HAVING count(*) > 1`;

type GroupRow = {
  level: 'invoice' | 'detail';
  issuer: string;
  inv: string;
  det: string;
  cur: string;
  acct: string | null;
  bp: string;
  bps_i: string | null;
  bps_any: string | null;
  issue: string;
  ref: string;
  pcur: string;
  pbilled: string | null;
  ni: number;
  nc: number;
  nc_tax: number;
  i_billed: string;
  c_billed: string;
  i_tax: string;
  c_tax: string;
  period_status: string | null;
};

const keyOf = (level: string, issuer: string, inv: string, det: string, cur: string) => [level, issuer, inv, det, cur].join('\u0000');

/** The reconciliation rows; none when no Invoice Detail dataset is loaded (nothing to reconcile against). */
export async function invoiceReconciliation(engine: Engine): Promise<InvoiceReconciliationRow[]> {
  const [{ n }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM invoice_details');
  if (Number(n) === 0) return [];
  const scoped = `WITH ${SIDES}, scoped AS (${scopeSql('invoice')} UNION ALL ${scopeSql('detail')})`;
  const groups = await engine.query<GroupRow>(
    `${scoped}, groups AS (${GROUPS})
     SELECT g.*, p.status AS period_status FROM groups g
     LEFT JOIN (SELECT coalesce("InvoiceIssuerName", '') AS issuer, "BillingPeriodStart" AS bps, string_agg(DISTINCT "BillingPeriodStatus", ' ') AS status
                FROM billing_periods GROUP BY 1, 2) p
       ON p.issuer = g.issuer AND p.bps = coalesce(g.bps_i, g.bps_any)
     ORDER BY g.issuer, g.inv, g.level DESC, g.det, g.cur`,
  );
  const rows = await engine.query<{
    level: string;
    issuer: string;
    inv: string;
    det: string;
    cur: string;
    side: string;
    source_file: string;
    source_row: number;
  }>(
    `${scoped} SELECT level, issuer, inv, det, cur, side, source_file, CAST(source_row AS BIGINT) AS source_row FROM (
       SELECT *, row_number() OVER (PARTITION BY level, issuer, inv, det, cur, side ORDER BY source_file, source_row) AS k FROM scoped)
     WHERE side = 'i' OR k <= ${ROW_SAMPLE} ORDER BY source_file, source_row`,
  );
  const rowsOf = new Map<string, { i: { file: string; row: number }[]; c: { file: string; row: number }[] }>();
  for (const r of rows) {
    const k = keyOf(r.level, r.issuer, r.inv, r.det, r.cur);
    let e = rowsOf.get(k);
    if (!e) rowsOf.set(k, (e = { i: [], c: [] }));
    (r.side === 'i' ? e.i : e.c).push({ file: String(r.source_file), row: Number(r.source_row) });
  }
  const duplicates = new Set((await engine.query(DUPLICATES)).map((d) => keyOf('detail', String(d.issuer), String(d.inv), String(d.det), '')));
  const isDuplicate = (g: GroupRow) => duplicates.has(keyOf('detail', g.issuer, g.inv, g.det, ''));
  // Currencies each side has per invoice: an invoice on both sides in different currencies is a mismatch, not two gaps.
  const currencies = new Map<string, { i: Set<string>; c: Set<string> }>();
  for (const g of groups) {
    if (g.level !== 'invoice') continue;
    const k = `${g.issuer}\u0000${g.inv}`;
    let e = currencies.get(k);
    if (!e) currencies.set(k, (e = { i: new Set(), c: new Set() }));
    if (Number(g.ni) > 0) e.i.add(g.cur);
    if (Number(g.nc) > 0) e.c.add(g.cur);
  }
  const costHasTax = new Set(groups.filter((g) => g.level === 'invoice' && Number(g.nc_tax) > 0).map((g) => `${g.issuer}\u0000${g.inv}`));
  return groups.map((g) => {
    const exp = isKnownCurrency(g.cur) ? currencyExponent(g.cur) : S;
    const round = (v: string) => roundHalfAway(parseDecimal(String(v), S), S, exp);
    const fmt = (v: bigint) => formatDecimal(v, exp);
    const iBilled = round(g.i_billed);
    const cBilled = round(g.c_billed);
    const iTax = round(g.i_tax);
    const cTax = round(g.c_tax);
    const ni = Number(g.ni);
    const nc = Number(g.nc);
    const cur = currencies.get(`${g.issuer}\u0000${g.inv}`);
    const bothSides = cur !== undefined && cur.i.size > 0 && cur.c.size > 0;
    const status: InvoiceReconciliationStatus =
      g.level === 'detail' && isDuplicate(g)
        ? 'duplicate_detail'
        : (ni === 0 || nc === 0) && bothSides && !sameCurrencies(cur)
          ? 'currency_mismatch'
          : ni === 0
            ? 'cost_only'
            : nc === 0
              ? iBilled === 0n && iTax !== 0n && !costHasTax.has(`${g.issuer}\u0000${g.inv}`)
                ? 'tax_only'
                : 'invoice_only'
              : iBilled !== cBilled
                ? 'variance'
                : Number(g.nc_tax) > 0 && iTax !== cTax
                  ? 'tax_variance'
                  : 'matched';
    const r = rowsOf.get(keyOf(g.level, g.issuer, g.inv, g.det, g.cur)) ?? { i: [], c: [] };
    const pexp = paymentExponent(g.pcur);
    const row: InvoiceReconciliationRow = {
      level: g.level,
      invoice_issuer_name: g.issuer,
      invoice_id: g.inv,
      invoice_detail_id: g.det,
      currency: g.cur,
      billing_account_id: g.acct ?? '',
      billing_period: g.bp,
      billing_period_status: g.period_status ?? '',
      invoice_issue_status: g.issue,
      reference_invoice_id: g.ref,
      invoice_billed_cost: fmt(iBilled),
      cost_billed_cost: fmt(cBilled),
      variance: fmt(iBilled - cBilled),
      invoice_tax: fmt(iTax),
      cost_tax: fmt(cTax),
      tax_variance: fmt(iTax - cTax),
      payment_currency: g.pcur,
      payment_currency_billed_cost: g.pbilled === null ? null : formatDecimal(roundHalfAway(parseDecimal(String(g.pbilled), S), S, pexp), pexp),
      status,
      invoice_lines: ni,
      cost_lines: nc,
      invoice_rows: r.i,
      cost_rows: r.c,
      explanation: '',
    };
    row.explanation = explain(row, cur, exp === S);
    return row;
  });
}

function sameCurrencies(c: { i: Set<string>; c: Set<string> } | undefined): boolean {
  return c !== undefined && c.i.size === c.c.size && [...c.i].every((x) => c.c.has(x));
}

/** Minor units of the payment currency (one code per scope; several or none: exact at 18 decimals). */
function paymentExponent(pcur: string): number {
  return pcur && !pcur.includes(' ') && isKnownCurrency(pcur) ? currencyExponent(pcur) : S;
}

function explain(r: InvoiceReconciliationRow, cur: { i: Set<string>; c: Set<string> } | undefined, unknownCurrency: boolean): string {
  const scope = `${r.invoice_issuer_name || '(no issuer)'} invoice ${r.invoice_id}${r.invoice_detail_id ? ` detail ${r.invoice_detail_id}` : ''}`;
  const tax = r.invoice_tax !== r.cost_tax ? `; tax apart: invoice ${r.invoice_tax}, cost data ${r.cost_tax} ${r.currency}` : '';
  const open =
    r.billing_period_status === 'Open' || r.invoice_issue_status === 'Open' ? ' (provisional: the billing period or invoice is still open)' : '';
  const note = unknownCurrency ? ` (unknown currency "${r.currency}": amounts not rounded)` : '';
  const more = r.cost_lines > r.cost_rows.length ? ` (first ${r.cost_rows.length} of ${r.cost_lines} cost rows listed)` : '';
  switch (r.status) {
    case 'matched':
      return `${scope}: BilledCost ${r.cost_billed_cost} ${r.currency} matches the invoice${tax}${note}.`;
    case 'variance':
      return `${scope}: invoice ${r.invoice_billed_cost} − cost data ${r.cost_billed_cost} = ${r.variance} ${r.currency}${tax}${open}${more}${note}.`;
    case 'tax_only':
      return `${scope}: tax ${r.invoice_tax} ${r.currency} on the invoice; the cost data has no tax lines, so it is shown apart${note}.`;
    case 'tax_variance':
      return `${scope}: amounts match; tax differs: invoice ${r.invoice_tax} − cost data ${r.cost_tax} = ${r.tax_variance} ${r.currency}${open}${note}.`;
    case 'invoice_only':
      return `${scope}: ${r.invoice_billed_cost} ${r.currency} on the invoice (${r.invoice_lines} lines) has no cost lines${tax}${open}${note}.`;
    case 'cost_only':
      return `${scope}: ${r.cost_billed_cost} ${r.currency} in ${r.cost_lines} cost lines is on no loaded invoice detail${open}${more}${note}.`;
    case 'currency_mismatch':
      return `${scope}: the invoice is in ${[...(cur?.i ?? [])].join(', ')} but the cost data in ${[...(cur?.c ?? [])].join(', ')}; this row holds the ${r.currency} side.`;
    case 'duplicate_detail':
      return `${scope}: the invoice detail id is given ${r.invoice_lines} times (a delivery must not need deduplicating; a restated delivery should replace the earlier one).`;
  }
}
