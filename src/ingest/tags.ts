/**
 * Explodes cost lines' Tags (a JSON object as text) into cost_tags(line_id, key, value) in SQL,
 * without the json extension.
 *
 * Simple objects of string members without escapes — `{"k":"v","k2":"v2"}`, or with `": "` and
 * `", "` — are split at their separators (one shape check, no regular expression per member): the
 * common case in cost exports. Any other object goes the exact way: members found with
 * engine/sql-json.ts's pattern and string escapes undone with its jsonUnescapeSql. Flat
 * string/number/boolean values are supported; null -> NULL. Not handled: \uXXXX escapes (kept as
 * written) and nested objects as tag values.
 */
import { ident, literal } from '../engine/sql';
import { JSON_MEMBER_RE, jsonUnescapeSql } from '../engine/sql-json';

/** INSERT INTO cost_tags from a MAP(VARCHAR, VARCHAR) column `mapColumn` of `relation`. */
export function explodeTagMapSql(relation: string, mapColumn: string, lineIdExpr: string): string {
  const m = ident(mapColumn);
  return (
    `INSERT INTO ${ident('cost_tags')} SELECT ${lineIdExpr} AS line_id, unnest(map_keys(${m})) AS key, ` +
    `unnest(map_values(${m})) AS value FROM ${relation} WHERE ${m} IS NOT NULL`
  );
}

/**
 * A string without quotes or backslashes, as a regular expression. Its text is never one or two
 * characters holding a separator's middle (`,` `:` `, ` `: `): in `{"":",","":""}` the quotes
 * around a lone comma would read as a member separator.
 */
const PLAIN = '"(?:[^"\\\\]{3,}|[^"\\\\,:]{0,2})"';
/** Simple object shapes: member separator and key/value separator of each (shape 1, 2). */
const SIMPLE = [
  { comma: '","', colon: '":"' },
  { comma: '", "', colon: '": "' },
].map((s, i) => {
  const member = `${PLAIN}${s.colon.slice(1, -1)}${PLAIN}`;
  return { ...s, shape: i + 1, re: `\\{${member}(${s.comma.slice(1, -1)}${member})*\\}` };
});

/**
 * INSERT INTO cost_tags from the `Tags` column of `relation`, line ids from `lineIdExpr`; `exact`
 * reads every object the exact way (the reference the split is tested against).
 */
export function explodeTagsSql(relation: string, lineIdExpr: string, opts: { exact?: boolean } = {}): string {
  const re = literal(JSON_MEMBER_RE);
  const simple = opts.exact ? [] : SIMPLE;
  const shape = simple.length
    ? `CASE ${simple.map((s) => `WHEN regexp_full_match("Tags", ${literal(s.re)}) THEN ${s.shape}`).join(' ')} ELSE 0 END`
    : '0';
  /** `exact` when the object is not simple, else the simple shape's `split`. */
  const byShape = (split: (s: (typeof SIMPLE)[number]) => string, exact: string) =>
    simple.length ? `CASE ${simple.map((s) => `WHEN shape = ${s.shape} THEN ${split(s)} `).join('')}ELSE ${exact} END` : exact;
  const members = byShape((s) => `string_split(t[3:-3], ${literal(s.comma)})`, `regexp_extract_all(t, ${re}, 0)`);
  const part = (n: 1 | 2, exact: string) => byShape((s) => `split_part(m, ${literal(s.colon)}, ${n})`, exact);
  const exactValue = `CASE WHEN v = 'null' THEN NULL WHEN v LIKE '"%' THEN ${jsonUnescapeSql('v[2:-2]')} ELSE v END`;
  const exactMember = (n: 1 | 2) => `CASE WHEN shape = 0 THEN regexp_extract(m, ${re}, ${n}) END`;
  return (
    `INSERT INTO ${ident('cost_tags')} SELECT line_id, ${part(1, jsonUnescapeSql('k'))} AS key, ${part(2, exactValue)} AS value FROM (` +
    `SELECT line_id, shape, m, ${exactMember(1)} AS k, ${exactMember(2)} AS v FROM (` +
    `SELECT line_id, shape, unnest(${members}) AS m FROM (` +
    `SELECT ${lineIdExpr} AS line_id, "Tags" AS t, ${shape} AS shape FROM ${relation} WHERE "Tags" IS NOT NULL AND "Tags" <> '{}')))`
  );
}
