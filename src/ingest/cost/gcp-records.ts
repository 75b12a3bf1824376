/**
 * GCP's repeated fields (`credits`, `labels`) as a cell: a list of records written as JSON
 * (BigQuery's JSON export) or as a Python literal (`[{'name': 'x', 'amount': -1.2}]`: what pandas'
 * to_csv writes for a BigQuery result). Both are read member by member with one pattern, strings
 * unescaped per their quote style; a cell that is no list of records stops the load naming it.
 */
import { literal } from '../../engine/sql';
import { cellError, jsonQuoteSql, jsonUnescapeSql, text } from '../sql';

const DQ = `"(?:[^"\\\\]|\\\\.)*"`;
const SQ = `'(?:[^'\\\\]|\\\\.)*'`;
/** A member `key: value`: group 1 the quoted key, group 2 a quoted string or a bare literal. */
const MEMBER = `(${DQ}|${SQ})\\s*:\\s*(${DQ}|${SQ}|[^,}\\]\\s]+)`;
/** A list of records (possibly empty) as written by either writer. */
const RECORD_LIST = '\\s*\\[\\s*(\\{.*\\}\\s*(,\\s*\\{.*\\}\\s*)*)?\\]\\s*';

/** Python string escapes that repr() writes for printable text. */
function pythonUnescapeSql(s: string): string {
  let e = `replace(${s}, '\\\\', chr(1))`;
  for (const [from, to] of [
    ["\\'", "''''"],
    ['\\"', `'"'`],
    ['\\n', 'chr(10)'],
    ['\\t', 'chr(9)'],
    ['\\r', 'chr(13)'],
  ]) {
    e = `replace(${e}, ${literal(from)}, ${to})`;
  }
  return `CASE WHEN contains(${s}, '\\') THEN replace(${e}, chr(1), '\\') ELSE ${s} END`;
}

/** A token of MEMBER as text: quoted strings unquoted and unescaped, None/null as NULL, literals as written. */
function tokenSql(t: string): string {
  const inner = `${t}[2:-2]`;
  return (
    `CASE WHEN ${t} IN ('None', 'null') THEN NULL WHEN starts_with(${t}, '"') THEN ${jsonUnescapeSql(inner)} ` +
    `WHEN starts_with(${t}, '''') THEN ${pythonUnescapeSql(inner)} ELSE ${t} END`
  );
}

/** The values (text, in order; None as NULL) of every member named `name` in the record list `v`. */
function membersNamed(v: string, name: string): string {
  const pairs = `list_zip(regexp_extract_all(${v}, ${literal(MEMBER)}, 1), regexp_extract_all(${v}, ${literal(MEMBER)}, 2))`;
  return `list_transform(list_filter(${pairs}, p -> ${tokenSql('p[1]')} = ${literal(name)}), p -> ${tokenSql('p[2]')})`;
}

/** `then` when column `col` holds a list of records (or nothing); else the load stops naming the cell. */
function recordList(col: string, v: string, expected: string, then: string, empty: string): string {
  return `CASE WHEN ${v} IS NULL THEN ${empty} WHEN regexp_full_match(${v}, ${literal(RECORD_LIST)}, 's') THEN ${then} ELSE ${cellError(col, v, expected)} END`;
}

/** Sum of the credits' `amount` members as DECIMAL(38,18), exactly as written; 0 without credits. */
export function creditSumSql(col: string | undefined): string {
  if (!col) return 'CAST(0 AS DECIMAL(38,18))';
  const v = text(col);
  const amounts = membersNamed(v, 'amount');
  const expected = 'a list of credits with decimal amounts, e.g. [{"name": "x", "amount": -1.2}]';
  const sum = `COALESCE(list_sum(list_transform(${amounts}, x -> CAST(x AS DECIMAL(38,18)))), 0)`;
  const bad = `list_bool_or(list_transform(${amounts}, x -> TRY_CAST(x AS DECIMAL(38,18)) IS NULL))`;
  return recordList(col, v, expected, `CASE WHEN ${bad} THEN ${cellError(col, v, expected)} ELSE ${sum} END`, 'CAST(0 AS DECIMAL(38,18))');
}

/** Labels `[{key, value}, ...]` as a JSON object text {"k": "v", ...}; NULL without labels. */
export function labelsJsonSql(col: string | undefined): string {
  if (!col) return 'CAST(NULL AS VARCHAR)';
  const v = text(col);
  const keys = membersNamed(v, 'key');
  const values = membersNamed(v, 'value');
  const members = `list_transform(list_zip(${keys}, ${values}), p -> ${jsonQuoteSql('p[1]')} || ':' || COALESCE(${jsonQuoteSql('p[2]')}, 'null'))`;
  const object = `NULLIF('{' || array_to_string(${members}, ',') || '}', '{}')`;
  const counted = `CASE WHEN len(${keys}) = len(${values}) THEN ${object} ELSE ${cellError(col, v, 'labels as a list of {key, value} records')} END`;
  return recordList(col, v, 'labels as a list of {key, value} records, e.g. [{"key": "team", "value": "data"}]', counted, 'CAST(NULL AS VARCHAR)');
}
