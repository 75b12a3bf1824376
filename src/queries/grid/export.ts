/**
 * A grid's rows as text for other programs: TSV for a spreadsheet paste, CSV and XLSX files.
 * Amounts are written exactly as the engine holds them (trailing zeros trimmed down to the
 * column's display decimals), never through a float; the formatting of the screen stays there.
 */
import type { Row } from '../../engine/engine';
import { currencyExponent, isKnownCurrency } from '../../model/money';
import { toCsv } from '../../model/csv';
import { writeXlsx, type XlsxCell } from '../../proposals/xlsx';

/** What an export needs of a grid column (renderer/components/cell-format.ts ColumnSpec has it). */
export interface ExportColumn {
  key: string;
  label: string;
  kind: string;
  decimals?: number;
  currencyKey?: string;
  currency?: string;
}

const NUMERIC = new Set(['money', 'decimal', 'percent', 'count', 'number']);
const PLAIN = /^-?\d+(\.\d+)?$/;

/** Any engine value as text: objects (lists, maps) as JSON with bigints as digits. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

/** Digits after the point the column shows: the currency's minor units for money. */
export function displayDecimals(row: Row, c: ExportColumn): number {
  if (c.kind === 'money') {
    const cur = (c.currency ?? (c.currencyKey ? valueText(row[c.currencyKey]) : '')).toUpperCase();
    return cur && isKnownCurrency(cur) ? currencyExponent(cur) : 2;
  }
  return c.kind === 'count' ? 0 : (c.decimals ?? 2);
}

/** "1234.500000000000000000" -> "1234.50" at 2 decimals; never drops a non-zero digit. */
export function trimDecimal(v: string, keep: number): string {
  if (!PLAIN.test(v) || !v.includes('.')) return v;
  const [i, f] = v.split('.');
  let end = f.length;
  while (end > keep && f[end - 1] === '0') end--;
  return end > 0 ? `${i}.${f.slice(0, end)}` : i;
}

/** One cell as exported: exact numbers, raw text, '' for no value. */
export function exportText(row: Row, c: ExportColumn): string {
  const v = row[c.key];
  if (v === null || v === undefined) return '';
  const s = valueText(v);
  return c.kind === 'money' || c.kind === 'decimal' || c.kind === 'percent' ? trimDecimal(s, displayDecimals(row, c)) : s;
}

function tsvCell(s: string): string {
  return /[\t\r\n"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Tab-separated lines as a spreadsheet pastes them; the header line first when given. */
export function toTsv(rows: readonly Row[], cols: readonly ExportColumn[], withHeader: boolean): string {
  const lines = rows.map((r) => cols.map((c) => tsvCell(exportText(r, c))).join('\t'));
  if (withHeader) lines.unshift(cols.map((c) => tsvCell(c.label)).join('\t'));
  return lines.join('\r\n') + '\r\n';
}

export function gridCsv(rows: readonly Row[], cols: readonly ExportColumn[]): string {
  return toCsv(
    cols.map((c) => c.label),
    rows.map((r) => cols.map((c) => exportText(r, c))),
  );
}

export function gridXlsx(rows: readonly Row[], cols: readonly ExportColumn[], sheet: string): Uint8Array {
  const cell = (r: Row, c: ExportColumn): XlsxCell => {
    const s = exportText(r, c);
    if (s === '') return null;
    return NUMERIC.has(c.kind) && PLAIN.test(s) ? { t: 'n', v: s, decimals: displayDecimals(r, c) } : { t: 's', v: s };
  };
  return writeXlsx([
    {
      name: sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Grid',
      header: cols.map((c) => c.label),
      rows: rows.map((r) => cols.map((c) => cell(r, c))),
      widths: cols.map((c) => Math.min(60, Math.max(10, c.label.length + 2))),
    },
  ]);
}
