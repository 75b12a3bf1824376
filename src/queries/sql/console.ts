/**
 * The SQL console's text as a statement. Read-only use goes through the grid (grid/page.ts), which
 * runs it only as a subquery of its own SELECT: DuckDB rejects anything there but a query.
 */
import { defineQuery, type Query } from '../query';

/** The typed text without surrounding blanks and a trailing semicolon; null when empty. */
export function consoleStatement(text: string): string | null {
  const sql = text.trim().replace(/;\s*$/, '');
  return sql || null;
}

/** A console statement as a query for the grid (no parameters: the analyst wrote every value). */
export function consoleQuery(statement: string): Query {
  return defineQuery('sql/console', statement);
}
