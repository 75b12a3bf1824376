/**
 * `timestamp,value` CSV text -> a series, and the detector's verdicts back to CSV. Pure: the
 * caller reads and writes the files. Timestamps: ISO 8601, 'YYYY-MM-DD HH:MM[:SS]' (UTC), a
 * date, or epoch seconds/milliseconds. An empty value is a gap; anything else unparsable is
 * a UserError naming the file, row and column.
 */
import { UserError } from '../../model/errors';
import { parseCsv } from '../../model/csv';

export interface ParsedSeries {
  /** Original text of each timestamp and value, echoed in the output. */
  timestampText: string[];
  valueText: string[];
  timestampsMs: number[];
  values: number[];
}

export function parseTimestamp(text: string): number {
  const t = text.trim();
  if (/^\d{9,13}(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n < 1e11 ? n * 1000 : n; // seconds vs milliseconds
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return NaN;
  if (m[8] && m[8] !== 'Z') return Date.parse(t.replace(' ', 'T'));
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const v = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
  const d = new Date(v);
  // Reject impossible dates (2025-02-30) rather than rolling them over.
  if (d.getUTCDate() !== +m[3] || d.getUTCMonth() !== +m[2] - 1) return NaN;
  return v;
}

export function parseSeriesCsv(text: string, file: string): ParsedSeries {
  // One record per line (a blank line is a record of one empty cell), so record r is line r + 1.
  const lines = parseCsv(text.replace(/^\uFEFF/, ''));
  const blank = (cells: string[]) => cells.every((c) => c.trim() === '');
  while (lines.length && blank(lines[lines.length - 1])) lines.pop();
  if (!lines.length) throw new UserError(`${file}: empty file`, { file, expected: 'a header line "timestamp,value"' });
  const header = lines[0].map((h) => h.trim().toLowerCase());
  const ti = header.findIndex((h) => ['timestamp', 'time', 'ts', 'date', 'day'].includes(h));
  const vi = header.findIndex((h) => ['value', 'amount', 'cost', 'quantity'].includes(h));
  if (ti < 0 || vi < 0) {
    throw new UserError(`${file} row 1: header must name a timestamp and a value column (got "${lines[0].join(',').slice(0, 80)}")`, {
      file,
      row: 1,
      expected: 'timestamp,value',
    });
  }
  const rows: { tsText: string; vText: string; ts: number; v: number }[] = [];
  for (let r = 1; r < lines.length; r++) {
    if (blank(lines[r])) continue;
    const cells = lines[r];
    const tsText = (cells[ti] ?? '').trim();
    const vText = (cells[vi] ?? '').trim();
    const ts = parseTimestamp(tsText);
    if (!Number.isFinite(ts)) {
      throw new UserError(
        `${file} row ${r + 1} column ${header[ti]}: "${tsText}" is not a timestamp (expected ISO 8601 such as 2025-01-31 or 2025-01-31T13:00:00Z)`,
        {
          file,
          row: r + 1,
          column: header[ti],
          expected: 'ISO 8601 timestamp',
        },
      );
    }
    const v = vText === '' ? NaN : Number(vText);
    if (vText !== '' && !Number.isFinite(v)) {
      throw new UserError(`${file} row ${r + 1} column ${header[vi]}: "${vText}" is not a number`, {
        file,
        row: r + 1,
        column: header[vi],
        expected: 'a number (empty for a gap)',
      });
    }
    rows.push({ tsText, vText, ts, v });
  }
  if (rows.length < 3) throw new UserError(`${file}: ${rows.length} data row(s); a series needs at least 3`, { file, expected: 'at least 3 rows' });
  // Stable sort by time: exports are not always in order.
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].ts - rows[b].ts || a - b);
  return {
    timestampText: order.map((i) => rows[i].tsText),
    valueText: order.map((i) => rows[i].vText),
    timestampsMs: order.map((i) => rows[i].ts),
    values: order.map((i) => rows[i].v),
  };
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface Verdict {
  score: number; // 0..1, 0.5 = threshold
  isAnomaly: boolean;
  expected?: number;
  bandLow?: number;
  bandHigh?: number;
  method?: string | null;
}

const num = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '' : String(Number(x.toPrecision(10))));

/** timestamp,value,anomaly_score,is_anomaly (+ expected,band_low,band_high,method). */
export function verdictsToCsv(s: ParsedSeries, verdicts: Verdict[]): string {
  const out = ['timestamp,value,anomaly_score,is_anomaly,expected,band_low,band_high,method'];
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i];
    out.push(
      [
        csvCell(s.timestampText[i]),
        csvCell(s.valueText[i]),
        v.score.toFixed(4),
        v.isAnomaly ? '1' : '0',
        num(v.expected),
        num(v.bandLow),
        num(v.bandHigh),
        v.method ?? '',
      ].join(','),
    );
  }
  return out.join('\n') + '\n';
}
