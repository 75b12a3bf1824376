/**
 * JSON text built and read in SQL (the json extension is not available offline). One escaping
 * for every writer: backslash, double quote, newline, carriage return and tab, which is what
 * jsonUnescapeSql undoes when cost_tags are exploded; one key quoting and one set of value
 * shapes for every reader.
 */
import { literal } from './sql';

/** A JSON string (quotes included) as a regular expression. */
export const JSON_STRING_RE = '"(?:[^"\\\\]|\\\\.)*"';
/** A flat object's member: key (group 1, without quotes) : value (group 2: a JSON string with quotes, or a bare literal). */
export const JSON_MEMBER_RE = `"((?:[^"\\\\]|\\\\.)*)"\\s*:\\s*(${JSON_STRING_RE}|[^,}\\s]+)`;

/** SQL quoting the text expression `expr` as a JSON string literal. */
export function jsonQuoteSql(expr: string): string {
  return (
    `'"' || replace(replace(replace(replace(replace(${expr}, '\\', '\\\\'), '"', '\\"'), chr(10), '\\n'), ` + `chr(13), '\\r'), chr(9), '\\t') || '"'`
  );
}

/**
 * A JSON object text of string members: `value` is a text SQL expression; members whose value is
 * NULL are left out, and an object with no members is NULL.
 */
export function jsonObjectSql(members: readonly { key: string; value: string }[]): string {
  if (!members.length) return 'CAST(NULL AS VARCHAR)';
  const parts = members.map((m) => `CASE WHEN ${m.value} IS NOT NULL THEN ${jsonQuoteSql(literal(m.key))} || ':' || ${jsonQuoteSql(m.value)} END`);
  return `NULLIF('{' || concat_ws(',', ${parts.join(', ')}) || '}', '{}')`;
}

/**
 * SQL undoing JSON string escapes in `expr` (\\" \\\\ \\n \\t \\r \\/). Only strings holding a
 * backslash go through the replace() chain; the rest (almost every tag) are taken as they are.
 * Not handled: \uXXXX escapes (kept as written).
 */
export function jsonUnescapeSql(expr: string): string {
  return `CASE WHEN contains(${expr}, '\\') THEN ${unescapeAll(expr)} ELSE ${expr} END`;
}

/**
 * The JSON escapes undone, in the order they are replaced, each with the code of the character it
 * stands for (after `\\\\` is set aside). The ClickHouse pushdown (warehouse/cost-sql.ts) replays them.
 */
export const JSON_STRING_ESCAPES: readonly (readonly [escape: string, code: number])[] = [
  ['\\"', 34],
  ['\\n', 10],
  ['\\t', 9],
  ['\\r', 13],
  ['\\/', 47],
];

function unescapeAll(expr: string): string {
  let e = `replace(${expr}, '\\\\', chr(1))`;
  for (const [from, code] of JSON_STRING_ESCAPES) e = `replace(${e}, '${from}', chr(${code}))`;
  return `replace(${e}, chr(1), '\\')`;
}

/**
 * Shapes of a member's value (group 1 of the pattern): a string's contents, a number (bare or
 * quoted), or any scalar (string contents or bare literal, up to the next quote, comma or brace).
 */
const VALUE_RE = {
  string: '"([^"]*)"',
  number: '"?(-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?)',
  scalar: '"?([^",}]*)"?',
} as const;
export type JsonValueShape = keyof typeof VALUE_RE;

/** `"name": <value>` for any of `names` (matched literally), as a regular expression (group 1: the value). */
export function jsonMemberPattern(names: string | readonly string[], shape: JsonValueShape): string {
  return memberRe(names, shape);
}

function memberRe(names: string | readonly string[], shape: JsonValueShape): string {
  const list = typeof names === 'string' ? [names] : names;
  const keys = list.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `"${keys.length > 1 ? `(?:${keys.join('|')})` : keys[0]}"\\s*:\\s*${VALUE_RE[shape]}`;
}

/**
 * The first member named any of `names` in the JSON text `jsonExpr`, as text; NULL when absent or empty.
 * The pattern runs only on text holding one of the quoted names (a substring test is far cheaper than
 * the expression, and most events carry none of the keys a rule looks for).
 */
export function jsonFieldSql(jsonExpr: string, names: string | readonly string[], shape: JsonValueShape): string {
  const holds = (typeof names === 'string' ? [names] : names).map((n) => `contains(${jsonExpr}, ${literal(`"${n}"`)})`).join(' OR ');
  return `CASE WHEN ${holds} THEN NULLIF(regexp_extract(${jsonExpr}, ${literal(memberRe(names, shape))}, 1), '') END`;
}

/** Every member named `name` anywhere in the JSON text (e.g. each element of an array of objects), as a text list. */
export function jsonFieldsSql(jsonExpr: string, name: string, shape: JsonValueShape): string {
  return `regexp_extract_all(${jsonExpr}, ${literal(memberRe(name, shape))}, 1)`;
}
