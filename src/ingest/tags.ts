/**
 * Explodes cost lines' Tags (a JSON object as text) into cost_tags(line_id, key, value) in SQL,
 * without the json extension: key/value pairs are found with a regular expression and string
 * escapes undone with replace(). Flat string/number/boolean values are supported; null -> NULL.
 * Not handled: \uXXXX escapes (kept as written) and nested objects as tag values.
 */
import { ident } from '../engine/sql';

const STR = '"((?:[^"\\\\]|\\\\.)*)"';
/** key (group 1) : value (group 2: a JSON string with quotes, or a bare literal). */
export const TAG_PAIR_RE = `${STR}\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|[^,}\\s]+)`;

/**
 * SQL undoing JSON string escapes in `expr` (\\" \\\\ \\n \\t \\r \\/). Only strings holding a
 * backslash go through the replace() chain; the rest (almost every tag) are taken as they are.
 */
export function jsonUnescapeSql(expr: string): string {
  return `CASE WHEN contains(${expr}, '\\') THEN ${unescapeAll(expr)} ELSE ${expr} END`;
}

function unescapeAll(expr: string): string {
  let e = `replace(${expr}, '\\\\', chr(1))`;
  for (const [from, to] of [
    ['\\"', `'"'`],
    ['\\n', 'chr(10)'],
    ['\\t', 'chr(9)'],
    ['\\r', 'chr(13)'],
    ['\\/', `'/'`],
  ]) {
    e = `replace(${e}, '${from}', ${to})`;
  }
  return `replace(${e}, chr(1), '\\')`;
}

/** INSERT INTO cost_tags from a MAP(VARCHAR, VARCHAR) column `mapColumn` of `relation`. */
export function explodeTagMapSql(relation: string, mapColumn: string, lineIdExpr: string): string {
  const m = ident(mapColumn);
  return (
    `INSERT INTO ${ident('cost_tags')} SELECT ${lineIdExpr} AS line_id, unnest(map_keys(${m})) AS key, ` +
    `unnest(map_values(${m})) AS value FROM ${relation} WHERE ${m} IS NOT NULL`
  );
}

/** INSERT INTO cost_tags from the `Tags` column of `relation`, line ids from `lineIdExpr`. */
export function explodeTagsSql(relation: string, lineIdExpr: string): string {
  const re = `'${TAG_PAIR_RE.replace(/'/g, "''")}'`;
  const value =
    `CASE WHEN v = 'null' THEN NULL WHEN v LIKE '"%' THEN ${jsonUnescapeSql("v[2:-2]")} ELSE v END`;
  return (
    `INSERT INTO ${ident('cost_tags')} SELECT line_id, ${jsonUnescapeSql('k')} AS key, ${value} AS value FROM (` +
    `SELECT ${lineIdExpr} AS line_id, unnest(regexp_extract_all("Tags", ${re}, 1)) AS k, ` +
    `unnest(regexp_extract_all("Tags", ${re}, 2)) AS v FROM ${relation} ` +
    `WHERE "Tags" IS NOT NULL AND "Tags" <> '{}')`
  );
}
