/**
 * Decimal cells with more decimals than their column keeps (Azure EA amortized cost carries 22,
 * money keeps 18) are rounded once, by DuckDB's cast: half away from zero, as every later sum is.
 * Refusing them would refuse the providers' own files; rounding them without a word would change
 * money silently. So while an adapter builds its SELECT, money.ts notes each decimal cell it reads
 * (`noteDecimalCell`), and the pipeline counts, per column, the cells that rounded, in one scan
 * of the raw relation (`roundedCellsSql`), and reports them as load warnings (`roundingNotice`).
 *
 * The notes are taken by `withDecimalCells` around one synchronous selectSql call: adapters build
 * their SQL synchronously, so no other build can interleave.
 *
 * Counting re-reads the file, so a load that maps every raw row first maps over
 * `roundingGuardRelation`: the same test per row, inside the mapping's own scan, stopping the
 * load with ROUNDING_MARK at the first cell that would round. Most files have none and are read
 * once; a file that has one is mapped again and counted as above.
 */
import { ident, literal } from '../../engine/sql';

/** A decimal cell expression of the mapping: `value` is its text over the raw relation, kept at `scale` decimals as `type`. */
export interface DecimalCell {
  column: string;
  value: string;
  type: string;
  scale: number;
}

/** What one column lost: cells rounded, and the first of them (data row, value as written, value kept). */
export interface RoundedColumn {
  column: string;
  scale: number;
  cells: number;
  row: number;
  value: string;
  kept: string;
}

let notes: DecimalCell[] | null = null;

/** Called by money.ts for each decimal cell that may hold more decimals than it keeps. */
export function noteDecimalCell(cell: DecimalCell): void {
  if (notes && !notes.some((n) => n.column === cell.column && n.type === cell.type)) notes.push(cell);
}

/** Runs a synchronous SELECT builder and returns its SQL with the decimal cells it reads. */
export function withDecimalCells(build: () => string): { sql: string; cells: DecimalCell[] } {
  const outer = notes;
  notes = [];
  try {
    const sql = build();
    return { sql, cells: notes };
  } finally {
    notes = outer;
  }
}

/** The parts of a plain number's text: integer digits, fraction digits, exponent. */
const NUMBER_PARTS = `'^[+-]?([0-9]*)(\\.([0-9]*))?([eE]([+-]?[0-9]+))?$', ['i', 'p', 'f', 'x', 'e']`;

/**
 * Decimals a plain number really has, from its parts `p`: fraction digits, less the exponent,
 * less the trailing zeros of its digits (`1.50` has 1, `1.3e-18` 19, `100e-20` 18).
 */
function decimalsSql(p: string): string {
  const digits = `(${p}.i || ${p}.f)`;
  return `(length(${p}.f) - COALESCE(TRY_CAST(${p}.e AS INTEGER), 0) - (length(${digits}) - length(rtrim(${digits}, '0'))))`;
}

/** True when the text `t` of `c` has more decimals than its column keeps (roundedCellsSql's flag, for one cell). */
function roundsSql(c: DecimalCell, t: string): string {
  const maybe = `(strlen(${t}) > ${c.scale + 1} OR contains(${t}, 'e') OR contains(${t}, 'E'))`;
  return `(${maybe} AND COALESCE(${decimalsSql(`regexp_extract(${t}, ${NUMBER_PARTS})`)} > ${c.scale}, false))`;
}

/** What stops a mapping over roundingGuardRelation: a cell rounds, so the load counts them (isRoundingStop). */
export const ROUNDING_MARK = '\u001fFINOPS_ROUNDS';

/** True when `e` is the stop raised by roundingGuardRelation. */
export function isRoundingStop(e: unknown): boolean {
  return (e instanceof Error ? e.message : String(e)).includes(ROUNDING_MARK);
}

/**
 * `relation` with its `__row` computed through the rounding test of every cell: a row with a cell
 * that would round stops the statement with ROUNDING_MARK. Every mapping reads `__row` (source_row),
 * so the test runs on every row the mapping reads, whichever expressions it evaluates.
 */
export function roundingGuardRelation(cells: readonly DecimalCell[], relation: string): string {
  const texts = cells.map((c, i) => `${c.value} AS "__rounding ${i}"`);
  const any = cells.map((c, i) => roundsSql(c, `"__rounding ${i}"`)).join(' OR ');
  const guarded = `CASE WHEN ${any} THEN error(${literal(ROUNDING_MARK)}) ELSE "__row" END`;
  return `(SELECT ${guarded} AS "__row", * EXCLUDE ("__row") FROM (SELECT *, ${texts.join(', ')} FROM ${relation}))`;
}

/**
 * One aggregate row over `relation`: per cell i, `n{i}` rounded cells, `r{i}` the first one's
 * row, `v{i}` its text and `k{i}` the value kept. A cell short enough to hold at most `scale`
 * decimals and without an exponent is passed over by its length alone (most cells).
 */
export function roundedCellsSql(cells: readonly DecimalCell[], relation: string): string {
  const texts = cells.map((c, i) => `${c.value} AS t${i}`);
  const parts = cells.map((c, i) => {
    const maybe = `strlen(t${i}) > ${c.scale + 1} OR contains(t${i}, 'e') OR contains(t${i}, 'E')`;
    return `t${i}, CASE WHEN ${maybe} THEN regexp_extract(t${i}, ${NUMBER_PARTS}) END AS p${i}`;
  });
  const flags = cells.map((c, i) => `t${i}, COALESCE(${decimalsSql(`p${i}`)} > ${c.scale}, false) AS d${i}`);
  const outer = cells.map((c, i) => {
    const first = `arg_min(t${i}, "__row") FILTER (WHERE d${i})`;
    return `count_if(d${i}) AS n${i}, min("__row") FILTER (WHERE d${i}) AS r${i}, ${first} AS v${i}, CAST(TRY_CAST(${first} AS ${c.type}) AS VARCHAR) AS k${i}`;
  });
  const l1 = `SELECT "__row", ${texts.join(', ')} FROM ${relation}`;
  const l2 = `SELECT "__row", ${parts.join(', ')} FROM (${l1})`;
  return `SELECT ${outer.join(', ')} FROM (SELECT "__row", ${flags.join(', ')} FROM (${l2}))`;
}

/** The columns that rounded, from roundedCellsSql's row, merged into `into` (batches in row order). */
export function mergeRounded(into: Map<string, RoundedColumn>, cells: readonly DecimalCell[], row: Record<string, unknown>): void {
  cells.forEach((c, i) => {
    const n = Number(row[`n${i}`] ?? 0);
    if (!n) return;
    const key = `${c.column}\u0000${c.type}`;
    const seen = into.get(key);
    if (seen) seen.cells += n;
    else
      into.set(key, {
        column: c.column,
        scale: c.scale,
        cells: n,
        row: Number(row[`r${i}`]),
        value: String(row[`v${i}`]),
        kept: String(row[`k${i}`]),
      });
  });
}

/** The load warning for one rounded column. */
export function roundingNotice(r: RoundedColumn): string {
  const cells = r.cells === 1 ? '1 cell' : `${r.cells} cells`;
  return (
    `${cells} of column ${ident(r.column)} had more than ${r.scale} decimals; rounded half away from zero once to ${r.scale}: ` +
    `first at row ${r.row}, value ${r.value} -> ${r.kept}`
  );
}
