/**
 * Turns engine failures during a load into one-line UserErrors naming the file, the row (or line)
 * and column, and what was expected. DuckDB's CSV reader reports file lines; our checked casts
 * (sql/cell-error.ts) report data rows and source columns.
 */
import type { Engine } from '../engine/engine';
import { UserError } from '../model/errors';
import { ident } from '../engine/sql';
import { parseCellError } from './sql/cell-error';

function quoteValue(v: string): string {
  const short = v.length > 60 ? v.slice(0, 57) + '...' : v;
  return JSON.stringify(short);
}

export function cellUserError(file: string, row: number, column: string, expected: string, value: string): UserError {
  return new UserError(`${file}: row ${row}, column "${column}": expected ${expected}, got ${quoteValue(value)}`, {
    file,
    row,
    column,
    expected,
  });
}

/** What DuckDB's CSV reader failing without a line (mixed line ends, a stray quote) is reported as. */
export const CSV_UNPARSED = 'one record per line, quotes closed and the same line ends throughout';

/** Maps a DuckDB error message from reading/mapping `file` to a UserError, or null if unknown. */
export function explainLoadError(file: string, message: string, headers: readonly string[]): UserError | null {
  const cell = parseCellError(message);
  if (cell) return cellUserError(file, cell.row, cell.column, cell.expected, cell.value);
  if (/CSV Parser state machine reached an invalid state/i.test(message)) {
    return new UserError(`${file}: expected well-formed CSV: ${CSV_UNPARSED}`, { file, expected: CSV_UNPARSED });
  }
  const line = /CSV Error on Line: (\d+)/.exec(message);
  const lineNo = line ? Number(line[1]) : undefined;
  const where = lineNo !== undefined ? `${file}: line ${lineNo}` : file;
  const details = { file, row: lineNo };
  const cols = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (cols) {
    const [expected, found] = [Number(cols[1]), Number(cols[2])];
    const why = found < expected ? 'the row is truncated or a value is missing' : 'a value has an unquoted comma or the row has extra fields';
    return new UserError(`${where}: expected ${expected} comma-separated values like the header, found ${found} (${why})`, {
      ...details,
      column: found < expected ? headers[found] : undefined,
      expected: `${expected} values`,
    });
  }
  if (/unterminated quote/i.test(message)) {
    return new UserError(`${where}: a quoted value is never closed: expected a closing " before the end of the file`, {
      ...details,
      expected: 'a closing quote',
    });
  }
  if (/invalid unicode|byte sequence/i.test(message)) {
    return new UserError(`${where}: expected UTF-8 text, found invalid bytes (save the file as UTF-8 or UTF-16)`, {
      ...details,
      expected: 'UTF-8 text',
    });
  }
  if (/maximum line size/i.test(message)) {
    return new UserError(`${where}: a row is longer than 16 MB: expected a line-oriented CSV (is a quote left open?)`, {
      ...details,
      expected: 'rows under 16 MB',
    });
  }
  if (line) {
    const first = message.split('\n').find((l) => l.trim() && !/^Invalid Input Error: CSV Error/.test(l)) ?? 'malformed CSV';
    return new UserError(`${where}: expected well-formed CSV: ${first.trim()}`, { ...details, expected: 'well-formed CSV' });
  }
  return null;
}

/**
 * Fallback for adapters that CAST without checked(): finds the first raw cell whose value does not
 * parse as the declared type.
 */
export async function diagnoseCells(engine: Engine, file: string, raw: string, typed: Record<string, string>): Promise<UserError | null> {
  let best: UserError | null = null;
  let bestRow = Infinity;
  for (const [col, type] of Object.entries(typed)) {
    const v = `NULLIF(trim(${ident(col)}), '')`;
    const rows = await engine.query<{ r: number; v: string }>(
      `SELECT "__row" AS r, ${ident(col)} AS v FROM ${raw} WHERE ${v} IS NOT NULL AND TRY_CAST(${v} AS ${type}) IS NULL ORDER BY "__row" LIMIT 1`,
    );
    if (rows.length && Number(rows[0].r) < bestRow) {
      bestRow = Number(rows[0].r);
      best = cellUserError(file, bestRow, col, describeType(type), rows[0].v);
    }
  }
  return best;
}

export function describeType(type: string): string {
  const t = type.toUpperCase();
  if (t.startsWith('DECIMAL') || t === 'DOUBLE') return 'a decimal number';
  if (t.startsWith('TIMESTAMP')) return 'a date or timestamp like 2024-01-31T00:00:00Z';
  if (t === 'DATE') return 'a date like 2024-01-31';
  if (/INT/.test(t)) return 'a whole number';
  if (t === 'BOOLEAN') return 'true or false';
  return `a ${type} value`;
}
