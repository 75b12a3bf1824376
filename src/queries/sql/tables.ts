/** The tables an analyst can query in the SQL console, with DuckDB's estimate of their row counts. */
import { defineQuery, type Query } from '../query';

export type ConsoleTableRow = { name: string; rows: number };

export function consoleTables(): Query<ConsoleTableRow> {
  return defineQuery(
    'sql/tables',
    `SELECT table_name AS name, estimated_size AS rows FROM duckdb_tables() WHERE NOT temporary AND schema_name = 'main' ORDER BY table_name`,
  );
}
