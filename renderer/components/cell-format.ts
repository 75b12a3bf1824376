/** Column specs and cell formatting for the grid: money, decimals, counts, dates (UTC), text. */
import type { Row } from '../../src/engine/engine';
import { formatCount, formatDecimalText, formatMoney, formatPercentText } from '../lib/format-money';
import { formatTimestampUtc } from '../lib/format-date';
import { valueText } from '../../src/queries/grid/export';

export type ColumnKind = 'text' | 'money' | 'decimal' | 'count' | 'number' | 'percent' | 'date' | 'timestamp';

export interface ColumnSpec {
  key: string;
  label: string;
  kind: ColumnKind;
  /** money: the row field holding the currency code, or a fixed code. */
  currencyKey?: string;
  currency?: string;
  /** decimal: digits after the point (same precision down the column). */
  decimals?: number;
  width?: number;
  /** Kept in view while the grid scrolls sideways: 'start' (the first column by default) or 'end' (key amounts). */
  pin?: 'start' | 'end';
}

export interface CellText {
  text: string;
  className: string;
  title?: string;
}

const str = valueText;

export function formatCell(row: Row, c: ColumnSpec): CellText {
  const v = row[c.key];
  if (v === null || v === undefined) return { text: '—', className: 'null', title: 'no value' };
  switch (c.kind) {
    case 'money': {
      const cur = c.currency ?? (c.currencyKey ? str(row[c.currencyKey]) : '');
      const f = formatMoney(str(v), cur);
      return {
        text: f.text,
        className: `num${f.negative ? ' neg' : ''}`,
        title: `${str(v)} ${cur}${f.roundedToZero ? ' (rounds to zero)' : ''}`,
      };
    }
    case 'decimal': {
      const f = formatDecimalText(str(v), c.decimals ?? 2);
      return { text: f.text, className: `num${f.negative ? ' neg' : ''}`, title: str(v) };
    }
    case 'percent': {
      const f = formatPercentText(str(v), c.decimals ?? 2);
      return { text: f.text, className: `num${f.negative ? ' neg' : ''}`, title: str(v) };
    }
    case 'count':
      return { text: formatCount(v as number), className: 'num' };
    case 'number':
      return {
        text:
          typeof v === 'number'
            ? v.toLocaleString('en-US', { minimumFractionDigits: c.decimals ?? 0, maximumFractionDigits: c.decimals ?? 6 })
            : str(v),
        className: 'num',
      };
    case 'date':
      return { text: str(v), className: 'date' };
    case 'timestamp':
      return { text: formatTimestampUtc(str(v)), className: 'date', title: `${str(v)} (UTC)` };
    default:
      return { text: str(v), className: 'text', title: str(v) };
  }
}

/** Column specs from `DESCRIBE <query>` rows (column_name, column_type). */
export function columnsFromDescribe(rows: Row[]): ColumnSpec[] {
  return rows.map((r) => {
    const key = String(r.column_name);
    const type = String(r.column_type).toUpperCase();
    const dec = /^DECIMAL\((\d+),\s*(\d+)\)/.exec(type);
    let spec: ColumnSpec = { key, label: key, kind: 'text' };
    if (dec) spec = { key, label: key, kind: 'decimal', decimals: Number(dec[2]), width: 150 + Number(dec[2]) * 6 };
    else if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(type))
      spec = { key, label: key, kind: 'count', width: 120 };
    else if (/^(DOUBLE|FLOAT|REAL)$/.test(type)) spec = { key, label: key, kind: 'number', width: 140 };
    else if (type === 'DATE') spec = { key, label: key, kind: 'date', width: 120 };
    else if (type.startsWith('TIMESTAMP')) spec = { key, label: key, kind: 'timestamp', width: 170 };
    return spec;
  });
}
