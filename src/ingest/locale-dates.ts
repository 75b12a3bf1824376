/**
 * Deciding a column's locale date format from the whole column, when no mapping declares one.
 * A load whose mapping meets an undecided locale date (sql/timestamp.ts: LOCALE_DATE_UNDECIDED)
 * is retried once the column is decided: a first part above 12 somewhere means D/M, a second part
 * above 12 means M/D. Both, neither, or a two-digit year (never guessed: `25` could be 1925 or
 * 2025) refuse the load naming the row, column and value that leave the format open, unless the
 * user declared the format for the load (LoadFileInput.dateFormat, `finops inspect --date-format`).
 */
import type { Engine } from '../engine/engine';
import { literal } from '../engine/sql';
import { UserError } from '../model/errors';
import { cellUserError } from './errors';
import { LOCALE_DATE_SHAPE, LOCALE_DATE_UNDECIDED, text, type LocaleDateFormat } from './sql';

/** The raw column of an undecided-locale-date refusal, or null for any other error. */
export function undecidedDateColumn(e: unknown): string | null {
  if (!(e instanceof UserError) || e.details.expected !== LOCALE_DATE_UNDECIDED) return null;
  return e.details.column ?? null;
}

type Facts = Record<`${'short' | 'dm' | 'md' | 'any'}_${'row' | 'v'}`, unknown>;

/** The column's format, or a UserError naming the cell that leaves it undecided. */
export async function decideDateFormat(engine: Engine, file: string, relation: string, column: string): Promise<LocaleDateFormat> {
  const part = (i: number) => `regexp_extract(v, '^([0-9]+)[/.-]([0-9]+)[/.-]([0-9]+)', ${i})`;
  const firstOf = (name: string, cond: string) => `min("__row") FILTER (${cond}) AS ${name}_row, arg_min(v, "__row") FILTER (${cond}) AS ${name}_v`;
  const [r] = await engine.query<Facts>(
    `SELECT ${firstOf('short', 'length(y) <> 4')}, ${firstOf('dm', 'a > 12 AND b <= 12')}, ` +
      `${firstOf('md', 'b > 12 AND a <= 12')}, ${firstOf('any', 'true')} FROM (` +
      `SELECT "__row", v, CAST(${part(1)} AS INTEGER) AS a, CAST(${part(2)} AS INTEGER) AS b, ${part(3)} AS y ` +
      `FROM (SELECT "__row", ${text(column)} AS v FROM ${relation}) WHERE regexp_full_match(v, ${literal(LOCALE_DATE_SHAPE)}))`,
  );
  const refuse = (which: 'short' | 'dm' | 'md' | 'any', expected: string, offer?: readonly LocaleDateFormat[]) => {
    const e = cellUserError(file, Number(r[`${which}_row`]), column, expected, String(r[`${which}_v`]));
    return offer ? new UserError(e.message, { ...e.details, dateFormats: offer }, e.code) : e;
  };
  if (r.short_row != null)
    throw refuse('short', 'a four-digit year (two-digit years are read only with a declared format such as M/D/YY)', ['M/D/YY', 'D/M/YY']);
  if (r.dm_row != null && r.md_row != null) {
    const later = Number(r.dm_row) > Number(r.md_row) ? 'dm' : 'md';
    const other = later === 'dm' ? `row ${String(r.md_row)} has ${String(r.md_v)}, M/D` : `row ${String(r.dm_row)} has ${String(r.dm_v)}, D/M`;
    throw refuse(later, `one date order for the whole column (${other})`);
  }
  if (r.dm_row != null) return 'D/M/YYYY';
  if (r.md_row != null) return 'M/D/YYYY';
  throw refuse('any', 'a date whose day and month can be told apart: no day above 12 tells M/D/YYYY from D/M/YYYY; declare the date format', [
    'M/D/YYYY',
    'D/M/YYYY',
  ]);
}
