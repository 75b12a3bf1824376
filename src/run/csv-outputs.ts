/** The run's output tables as the `finops analyze` CSV files (formula-safe, CRLF). */
import { toCsv } from '../proposals/csv';
import { cellValue, type OutputTable } from './output-tables';

const cell = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v));

/** file name -> CSV text, one entry per file the table declares. */
export function tableCsvFiles<R>(t: OutputTable<R>, rows: readonly R[]): [file: string, text: string][] {
  return t.files.map((f) => {
    const names = f.columns ?? t.columns.map((c) => c.name);
    const columns = names.map((n) => {
      const c = t.columns.find((x) => x.name === n);
      if (!c) throw new Error(`${t.table}: ${f.file} names column ${n}, which the table does not declare`);
      return c;
    });
    const kept = f.rows ? rows.filter(f.rows) : rows;
    return [f.file, toCsv(names, kept.map((r) => columns.map((c) => cell(cellValue(c, r)))))];
  });
}
