/** The run's output tables as the `finops analyze` files: CSV (formula-safe, CRLF) and the proposals document. */
import { toCsv } from '../model/csv';
import { proposalsCsv } from '../proposals/export-tabular';
import { unreviewed } from '../proposals/review';
import { proposalsDocument } from '../proposals/serialize';
import { runOutputs, type AnalysisRun } from './analysis-run';
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
    return [
      f.file,
      toCsv(
        names,
        kept.map((r) => columns.map((c) => cell(cellValue(c, r)))),
      ),
    ];
  });
}

/** Every file `finops analyze` writes besides summary.json, in order: name -> text. */
export function runOutputFiles(run: AnalysisRun): [file: string, text: string][] {
  const proposals = run.proposals ?? [];
  return [
    ...runOutputs(run)
      .filter((o) => o.rows.length || !o.table.onlyWithRows)
      .flatMap((o) => tableCsvFiles(o.table, o.rows)),
    ['proposals.csv', proposalsCsv(unreviewed(proposals))],
    ['proposals.json', JSON.stringify(proposalsDocument(proposals), null, 2) + '\n'],
  ];
}
