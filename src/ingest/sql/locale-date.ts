/**
 * Dates in a locale format (4/1/2025, 01.04.2025, 4/1/25): read only in a format declared by the
 * mapping (an adapter's or the user's) or decided for the whole column by the pipeline
 * (../locale-dates.ts). DuckDB's own cast would read `4/1/25` as the year 4, and strptime's %Y
 * takes two digits as the year 25, so every cell is matched against the exact shape first.
 */
import { literal } from '../../engine/sql';

/** A locale date format: day/month order and year digits; separators `/`, `.` or `-`. */
export type LocaleDateFormat = 'M/D/YYYY' | 'D/M/YYYY' | 'M/D/YY' | 'D/M/YY';
export const LOCALE_DATE_FORMATS: readonly LocaleDateFormat[] = ['M/D/YYYY', 'D/M/YYYY', 'M/D/YY', 'D/M/YY'];

/** Optional time of day after a locale date: ` 13:05`, ` 13:05:09`, ` 1:05 PM`, ` 1:05:09 PM`. */
const TIME = '( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?( ?[AaPp][Mm])?)?';
/** Any cell shaped like a locale date (1–2 digits first, unlike ISO's four). */
export const LOCALE_DATE_SHAPE = `[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}${TIME}`;

/** True for one of the declarable formats. */
export function isLocaleDateFormat(s: string): s is LocaleDateFormat {
  return (LOCALE_DATE_FORMATS as readonly string[]).includes(s);
}

/** An example of the format, for error messages: 9/30/2024 (M/D/YYYY). */
export function localeDateExample(f: LocaleDateFormat): string {
  const dayFirst = f.startsWith('D');
  const year = f.endsWith('YYYY') ? '2024' : '24';
  return `${dayFirst ? '30/9' : '9/30'}/${year} (${f})`;
}

/** strptime patterns for a format once its separators are `/` (date alone, then with a time). */
function patterns(f: LocaleDateFormat): string[] {
  const date = `${f.startsWith('D') ? '%d/%m' : '%m/%d'}/${f.endsWith('YYYY') ? '%Y' : '%y'}`;
  return [date, `${date} %H:%M`, `${date} %H:%M:%S`, `${date} %I:%M %p`, `${date} %I:%M:%S %p`];
}

/**
 * The TIMESTAMP of text expression `v` in format `f`, or NULL when the cell is not exactly in that
 * shape (two digits for the year where four are declared, an invalid day such as 2/30).
 */
export function localeDateSql(v: string, f: LocaleDateFormat): string {
  const shape = `[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{${f.endsWith('YYYY') ? 4 : 2}}${TIME}`;
  const slashed = `regexp_replace(${v}, '^([0-9]+)[.-]([0-9]+)[.-]', '\\1/\\2/')`;
  const list = `[${patterns(f).map(literal).join(', ')}]`;
  return `CASE WHEN regexp_full_match(${v}, ${literal(shape)}) THEN TRY_STRPTIME(${slashed}, ${list}) END`;
}
