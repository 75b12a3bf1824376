/**
 * The model's check functions as SQL. A requirement or condition compiles to one of:
 *   - a row predicate (true when the row satisfies it; never NULL),
 *   - a dataset check (column presence, a typed column's declared type, distinct counts),
 *   - a key-value check (JSON objects are validated in JS: no json extension offline),
 *   - or "unsupported" with the reason, which the report shows as "not checked".
 * Raw relations (source text) are judged on the text the file holds; typed tables (cost_lines)
 * on their column types, where formats are guaranteed by the type itself.
 */
import { ident, literal } from '../../engine/sql';
import { knownCurrencies } from '../../model/money';
import type { Check } from './model';

export interface ConformanceTarget {
  /** Dataset name shown in the report (usually the file). */
  name: string;
  /** SQL relation holding the dataset's columns. */
  relation: string;
  /** Present columns -> DuckDB type ('VARCHAR' for every column of a raw relation). */
  columns: Map<string, string>;
  /** Column giving the source row shown in examples ('__row' or 'source_row'). */
  rowColumn: string;
  /** True when values are the source's text (a raw relation), false for typed tables. */
  raw: boolean;
}

export type Compiled =
  | { kind: 'row'; sql: string; columns: string[]; missing: string[] }
  | { kind: 'present'; column: string }
  | { kind: 'type'; column: string; ok: boolean; expected: string }
  | { kind: 'distinct'; a: string; b: string; expected: number; missing: string[] }
  | { kind: 'keyvalue'; column: string; missing: string[] }
  | { kind: 'unsupported'; reason: string };

/** FOCUS DateTimeFormat: extended ISO 8601 in UTC, 'YYYY-MM-DDTHH:mm:ssZ'. */
const DATETIME_RE = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z';
/** FOCUS NumericFormat: integer, decimal or E notation; '-' only for negatives; no '+', commas. */
const NUMERIC_RE = '-?(\\d+(\\.\\d+)?|\\.\\d+)([eE]-?\\d+)?';
/** FOCUS UnitFormat's three shapes, with an optional leading quantity ("1000 Requests"). */
const UNIT_RE = '(\\d+ )?[A-Za-z][A-Za-z0-9 ]*([-/][A-Za-z0-9][A-Za-z0-9 ]*)?';

const NUMERIC_TYPES = /^(DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL|BIGINT|INTEGER|HUGEINT|SMALLINT|TINYINT|UBIGINT|UINTEGER)/i;
const DATETIME_TYPES = /^(TIMESTAMP|DATE)/i;

class Ctx {
  readonly columns = new Set<string>();
  readonly missing = new Set<string>();
  constructor(readonly target: ConformanceTarget) {}

  col(name: string | undefined): string {
    if (!name) throw new Unsupported('a check without a column name');
    this.columns.add(name);
    if (!this.target.columns.has(name)) {
      this.missing.add(name);
      return 'CAST(NULL AS VARCHAR)';
    }
    return ident(name);
  }

  /** A column as a number for comparisons (sign and zero tests, tolerance checks). */
  num(name: string | undefined): string {
    const c = this.col(name);
    return this.target.raw || !NUMERIC_TYPES.test(this.target.columns.get(name!) ?? '') ? `TRY_CAST(${c} AS DOUBLE)` : `CAST(${c} AS DOUBLE)`;
  }

  typeOf(name: string): string {
    return this.target.columns.get(name) ?? '';
  }
}

class Unsupported extends Error {}

function valueSql(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return literal(v);
  throw new Unsupported(`a value of type ${typeof v}`);
}

function equals(ctx: Ctx, c: Check): string {
  if (c.Value === null || c.Value === undefined) return `${ctx.col(c.ColumnName)} IS NULL`;
  if (typeof c.Value === 'number') return `COALESCE(${ctx.num(c.ColumnName)} = ${c.Value}, false)`;
  return `${ctx.col(c.ColumnName)} IS NOT DISTINCT FROM ${valueSql(c.Value)}`;
}

function nullOr(ctx: Ctx, name: string | undefined, test: (x: string) => string): string {
  const x = ctx.col(name);
  return `(${x} IS NULL OR COALESCE(${test(x)}, false))`;
}

/** An OR of CheckValue on one column with string values: an allowed-values list. */
function allowedValues(c: Check): { column: string; values: string[] } | null {
  if (c.CheckFunction !== 'OR' || !c.Items?.length) return null;
  const column = c.Items[0].ColumnName;
  const ok = c.Items.every((i) => i.CheckFunction === 'CheckValue' && i.ColumnName === column && typeof i.Value === 'string');
  return ok && column ? { column, values: c.Items.map((i) => i.Value as string) } : null;
}

/** Row-level predicate for one check node; throws Unsupported for non-row checks. */
function rowSql(ctx: Ctx, c: Check): string {
  const t = ctx.target;
  switch (c.CheckFunction) {
    case 'AND':
    case 'OR': {
      const list = allowedValues(c);
      if (list) {
        // "MUST be one of the allowed values" judges values; nullability has rules of its own.
        return nullOr(ctx, list.column, (x) => `${x} IN (${list.values.map(literal).join(', ')})`);
      }
      const items = (c.Items ?? []).map((i) => rowSql(ctx, i));
      if (items.length === 0) return 'true';
      return `(${items.join(` ${c.CheckFunction} `)})`;
    }
    case 'CheckValue':
      return equals(ctx, c);
    case 'CheckNotValue':
      return `NOT (${equals(ctx, c)})`;
    case 'CheckSameValue':
      return `${ctx.col(c.ColumnAName)} IS NOT DISTINCT FROM ${ctx.col(c.ColumnBName)}`;
    case 'CheckNotSameValue':
      return `${ctx.col(c.ColumnAName)} IS DISTINCT FROM ${ctx.col(c.ColumnBName)}`;
    case 'CheckGreaterOrEqualThanValue': {
      const n = ctx.num(c.ColumnName);
      return nullOr(ctx, c.ColumnName, () => `${n} >= ${valueSql(c.Value)}`);
    }
    case 'CheckDecimalValue':
    case 'TypeDecimal':
      if (!t.raw && c.CheckFunction === 'TypeDecimal') throw new Unsupported('typed');
      return nullOr(ctx, c.ColumnName, (x) => (t.raw ? `TRY_CAST(${x} AS DECIMAL(38,18)) IS NOT NULL` : 'true'));
    case 'TypeDateTime':
      if (!t.raw) throw new Unsupported('typed');
      return nullOr(ctx, c.ColumnName, (x) => `COALESCE(TRY_CAST(${x} AS TIMESTAMP), TRY_CAST(${x} AS TIMESTAMPTZ)) IS NOT NULL`);
    case 'TypeString':
      if (!t.raw) throw new Unsupported('typed');
      ctx.col(c.ColumnName);
      return 'true'; // every value of a text file is a string
    case 'FormatDateTime':
      return nullOr(ctx, c.ColumnName, (x) =>
        t.raw || !DATETIME_TYPES.test(ctx.typeOf(c.ColumnName!)) ? `regexp_full_match(${x}, ${literal(DATETIME_RE)})` : 'true',
      );
    case 'FormatNumeric':
      return nullOr(ctx, c.ColumnName, (x) =>
        t.raw || !NUMERIC_TYPES.test(ctx.typeOf(c.ColumnName!)) ? `regexp_full_match(${x}, ${literal(NUMERIC_RE)})` : 'true',
      );
    case 'FormatString':
      // Checkable part of StringHandling: no blank or whitespace-only strings.
      return nullOr(ctx, c.ColumnName, (x) => `trim(CAST(${x} AS VARCHAR)) <> ''`);
    case 'FormatUnit':
      return nullOr(ctx, c.ColumnName, (x) => `regexp_full_match(${x}, ${literal(UNIT_RE)})`);
    case 'FormatCurrency':
      // ISO 4217 shape for national currencies; other non-blank strings are virtual currencies.
      return nullOr(
        ctx,
        c.ColumnName,
        (x) => `trim(${x}) <> '' AND (regexp_full_match(${x}, '[A-Z]{3}') OR NOT regexp_full_match(${x}, '[A-Za-z]{3}'))`,
      );
    case 'CheckNationalCurrency':
      return nullOr(ctx, c.ColumnName, (x) => `${x} IN (${knownCurrencies().map(literal).join(', ')})`);
    case 'ColumnByColumnEqualsColumnValue': {
      // A x B = Result, within 1 ppm or 0.000001 (providers round each column on its own).
      const a = ctx.num(c.ColumnAName);
      const b = ctx.num(c.ColumnBName);
      const r = ctx.num(c.ResultColumnName);
      return `(${a} IS NULL OR ${b} IS NULL OR ${r} IS NULL OR abs(${a} * ${b} - ${r}) <= greatest(1e-6 * abs(${r}), 1e-6))`;
    }
    default:
      throw new Unsupported(`check function ${c.CheckFunction}`);
  }
}

/** Compiles a rule's requirement (or condition) against a dataset. */
export function compile(c: Check, target: ConformanceTarget): Compiled {
  const ctx = new Ctx(target);
  switch (c.CheckFunction) {
    case 'ColumnPresent':
      return { kind: 'present', column: c.ColumnName ?? '' };
    case 'CheckDistinctCount':
      ctx.col(c.ColumnAName);
      ctx.col(c.ColumnBName);
      return { kind: 'distinct', a: c.ColumnAName!, b: c.ColumnBName!, expected: Number(c.ExpectedCount), missing: [...ctx.missing] };
    case 'FormatKeyValue':
      ctx.col(c.ColumnName);
      return { kind: 'keyvalue', column: c.ColumnName!, missing: [...ctx.missing] };
    case 'TypeDecimal':
    case 'TypeDateTime':
    case 'TypeString':
      if (!target.raw && c.ColumnName && !target.columns.has(c.ColumnName)) {
        return { kind: 'row', sql: 'true', columns: [c.ColumnName], missing: [c.ColumnName] };
      }
      if (!target.raw && c.ColumnName) {
        const type = target.columns.get(c.ColumnName)!;
        const expected = { TypeDecimal: 'a decimal type', TypeDateTime: 'a timestamp type', TypeString: 'VARCHAR' }[c.CheckFunction];
        const ok =
          c.CheckFunction === 'TypeDecimal'
            ? NUMERIC_TYPES.test(type)
            : c.CheckFunction === 'TypeDateTime'
              ? DATETIME_TYPES.test(type)
              : /^VARCHAR/i.test(type);
        return { kind: 'type', column: c.ColumnName, ok, expected };
      }
  }
  try {
    const sql = rowSql(ctx, c);
    return { kind: 'row', sql, columns: [...ctx.columns], missing: [...ctx.missing] };
  } catch (e) {
    if (e instanceof Unsupported) return { kind: 'unsupported', reason: `the model's requirement uses ${e.message}, which has no SQL form here` };
    throw e;
  }
}

/** Key-Value Format (FOCUS KeyValueFormat-A-001..004): a JSON object whose values are scalars. */
export function keyValueProblem(text: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  for (const [k, val] of Object.entries(v)) {
    if (val !== null && typeof val === 'object') return `value of "${k}" is an ${Array.isArray(val) ? 'array' : 'object'}`;
  }
  return null;
}
