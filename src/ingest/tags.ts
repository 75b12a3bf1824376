/**
 * Explodes cost lines' Tags (a JSON object as text) into cost_tags(line_id, key, value) in SQL,
 * without the json extension: members are found with engine/sql-json.ts's pattern and string escapes
 * undone with its jsonUnescapeSql. Flat string/number/boolean values are supported; null -> NULL.
 * Not handled: \uXXXX escapes (kept as written) and nested objects as tag values.
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

/** INSERT INTO cost_tags from the `Tags` column of `relation`, line ids from `lineIdExpr`. */
export function explodeTagsSql(relation: string, lineIdExpr: string): string {
  const re = literal(JSON_MEMBER_RE);
  const value = `CASE WHEN v = 'null' THEN NULL WHEN v LIKE '"%' THEN ${jsonUnescapeSql('v[2:-2]')} ELSE v END`;
  return (
    `INSERT INTO ${ident('cost_tags')} SELECT line_id, ${jsonUnescapeSql('k')} AS key, ${value} AS value FROM (` +
    `SELECT ${lineIdExpr} AS line_id, unnest(regexp_extract_all("Tags", ${re}, 1)) AS k, ` +
    `unnest(regexp_extract_all("Tags", ${re}, 2)) AS v FROM ${relation} ` +
    `WHERE "Tags" IS NOT NULL AND "Tags" <> '{}')`
  );
}
