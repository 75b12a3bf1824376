/** Proposals as CSV, JSON and XLSX: the same rows and columns, totals per currency. */
import { currencyExponent, formatDecimal } from '../model/money';
import { toCsv } from '../model/csv';
import { DECIMAL_COLUMNS, EXPORT_COLUMNS, exportRow, type ExportRow } from './export-rows';
import { totalsByCurrency, type Direction } from './model';
import type { ReviewedProposal } from './review';
import { totalToJson } from './serialize';
import { UserError } from '../model/errors';
import { writeXlsx, XLSX_MAX_CELL_CHARS, type XlsxCell, type XlsxSheet } from './xlsx';

export interface ExportScope {
  /** true: approved proposals only; false: every current proposal with its review state. */
  approvedOnly: boolean;
  /** CSV flavours: start with a UTF-8 BOM (default: the format's own choice, see exports.ts). */
  bom?: boolean;
}

export function proposalsCsv(rows: ReviewedProposal[]): string {
  return toCsv(
    EXPORT_COLUMNS,
    rows.map(exportRow).map((r) => EXPORT_COLUMNS.map((c) => r[c])),
  );
}

export function proposalsJson(rows: ReviewedProposal[], scope: ExportScope): string {
  const doc = {
    format: 'finops-proposals',
    version: 1,
    scope: scope.approvedOnly ? 'approved' : 'all',
    totals: totalsByCurrency(rows.map((r) => r.proposal)).map(totalToJson),
    proposals: rows.map((r) => ({
      ...exportRow(r),
      edited: r.edited,
      confidence: r.proposal.confidence,
      evidence: r.proposal.evidence,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const WIDTHS: Partial<Record<string, number>> = { proposal_id: 28, memo: 60, evidence: 60, customer_id: 16, finding_code: 22, amount: 14 };

/**
 * Text over Excel's cell limit is refused, not cut: Excel "repairs" such a workbook by dropping
 * content, and truncating a memo or its evidence would change an accounting document without a
 * word (a marker column is easy to overlook). CSV and JSON carry the full text.
 */
function fitsCell(r: ExportRow, column: string, v: string): string {
  if (v.length <= XLSX_MAX_CELL_CHARS) return v;
  throw new UserError(
    `xlsx export: proposal ${r.proposal_id}, column "${column}" has ${v.length} characters, over Excel's ${XLSX_MAX_CELL_CHARS}-character cell limit: shorten it (edit the proposal) or export as CSV or JSON, which keep the full text`,
    { column, expected: `at most ${XLSX_MAX_CELL_CHARS} characters` },
  );
}

function directionSheet(name: string, rows: ExportRow[]): XlsxSheet {
  return {
    name,
    header: [...EXPORT_COLUMNS],
    widths: EXPORT_COLUMNS.map((c) => WIDTHS[c] ?? 12),
    rows: rows.map((r) =>
      EXPORT_COLUMNS.map((c): XlsxCell => {
        const v = r[c];
        const qty = c === 'quantity_delta' ? /^-?\d+(?:\.(\d{1,6}))?$/.exec(v) : null;
        if (qty) return { t: 'n', v, decimals: qty[1]?.length ?? 0 };
        if (!DECIMAL_COLUMNS.has(c) || v === '') return { t: 's', v: fitsCell(r, c, v) };
        const decimals = c === 'confidence' ? 2 : currencyExponent(r.currency);
        return { t: 'n', v, decimals };
      }),
    ),
  };
}

/** Summary sheet (totals per currency and review counts) plus one sheet per direction. */
export function proposalsXlsx(rows: ReviewedProposal[], scope: ExportScope): Uint8Array {
  const flat = rows.map(exportRow);
  const totals = totalsByCurrency(rows.map((r) => r.proposal));
  const num = (minor: bigint, currency: string): XlsxCell => {
    const e = currencyExponent(currency);
    return { t: 'n', v: formatDecimal(minor, e), decimals: e };
  };
  const count = (n: number): XlsxCell => ({ t: 'n', v: String(n), decimals: 0 });
  const states = ['proposed', 'edited', 'approved', 'rejected'] as const;
  const summary: XlsxSheet = {
    name: 'Summary',
    header: ['currency', 'credit_count', 'credit_total', 'debit_count', 'debit_total', 'net (debit − credit)'],
    widths: [12, 14, 18, 14, 18, 22],
    rows: [
      ...totals.map((t) => [
        { t: 's', v: t.currency } as XlsxCell,
        count(t.credit_count),
        num(t.credit_minor, t.currency),
        count(t.debit_count),
        num(t.debit_minor, t.currency),
        num(t.net_minor, t.currency),
      ]),
      [],
      [
        { t: 's', v: 'scope' },
        { t: 's', v: scope.approvedOnly ? 'approved proposals only' : 'all proposals with review state' },
      ],
      [{ t: 's', v: 'proposals' }, count(rows.length)],
      ...states.map((s): XlsxCell[] => [{ t: 's', v: s }, count(rows.filter((r) => r.state === s).length)]),
    ],
  };
  const by = (d: Direction) => flat.filter((r) => r.direction === d);
  return writeXlsx([summary, directionSheet('Credits', by('credit')), directionSheet('Debits', by('debit'))]);
}
