/**
 * The SQL console's text as a statement. Read-only use goes through the grid (grid/page.ts), which
 * runs it only as a subquery of its own SELECT: DuckDB rejects anything there but a query. Before
 * that, a statement that changes data is refused by name, an engine error is told about the
 * analyst's own text (never the wrapper around it), and each DECIMAL column gets the scale its
 * values need.
 */
import { ident } from '../../engine/sql';
import { gridColumns, type DescribeRow } from '../grid/page';
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

/** The query the console checks a statement with: the grid's own DESCRIBE of it. */
export function consoleCheck(statement: string): Query<DescribeRow> {
  return gridColumns(consoleQuery(statement));
}

/** Statements that change data, settings or the database: never run while the console is read-only. */
const CHANGES = new Set([
  'ALTER',
  'ANALYZE',
  'ATTACH',
  'BEGIN',
  'CALL',
  'CHECKPOINT',
  'COMMENT',
  'COMMIT',
  'COPY',
  'CREATE',
  'DELETE',
  'DETACH',
  'DROP',
  'EXPORT',
  'FORCE',
  'GRANT',
  'IMPORT',
  'INSERT',
  'INSTALL',
  'LOAD',
  'MERGE',
  'PRAGMA',
  'RESET',
  'REVOKE',
  'ROLLBACK',
  'SET',
  'TRUNCATE',
  'UPDATE',
  'UPSERT',
  'USE',
  'VACUUM',
]);

/** The statement's first keyword, past blanks, comments and opening parentheses. */
function firstKeyword(statement: string): string {
  const rest = statement.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z_]+/.exec(rest)?.[0] ?? '').toUpperCase();
}

/** Why the read-only console will not run the statement, or null for a query. */
export function readOnlyRefusal(statement: string): string | null {
  const kw = firstKeyword(statement);
  if (!CHANGES.has(kw)) return null;
  return `The console is read-only: ${kw} is not a query. Tick “Allow changes” to run statements that change data.`;
}

/**
 * An engine error on `check` (a query embedding `statement`) told about the statement: DuckDB's
 * context lines quote the wrapper (once per failed bind), so they are replaced by the analyst's
 * own line with the caret, when the position maps into it.
 */
export function consoleErrorText(message: string, statement: string, check: string = consoleCheck(statement).sql): string {
  const refused = engineRefusal(message);
  if (refused) return refused;
  const [head, ...context] = message.split(/\n\s*\nLINE /);
  const text = head.trim();
  const at = context.length ? /^(\d+): (.*)\n( *)\^/.exec(context[0]) : null;
  if (!at) return text;
  const [, lineNo, shown, pad] = at;
  const offset = check.indexOf(statement);
  const line = Number(lineNo);
  // The caret's column in the line DuckDB printed ("LINE n: " + the line, unless it was cut).
  const col = pad.length - `LINE ${lineNo}: `.length;
  const full = check.split('\n')[line - 1] ?? '';
  if (offset < 0 || shown.startsWith('...') || !full.startsWith(shown.replace(/\.\.\.$/, '')) || col < 0) return text;
  const startLine = check.slice(0, offset).split('\n').length;
  const userLine = line - startLine + 1;
  const userCol = line === startLine ? col - (offset - check.lastIndexOf('\n', offset - 1) - 1) : col;
  const own = statement.split('\n')[userLine - 1];
  if (own === undefined || userCol < 0 || userCol > own.length) return text;
  // Past the statement's last character DuckDB names the wrapper's closing parenthesis.
  const atEnd = userLine === statement.split('\n').length && userCol === own.length;
  const said = atEnd ? text.replace(/at or near "\)"/, 'at end of input') : text;
  return `${said}\nline ${userLine}, column ${userCol + 1}:\n${own}\n${' '.repeat(userCol)}^`;
}

/**
 * One line for what the engine's lockdown (ENGINE_LOCKDOWN_SQL) refuses: a file the user did not
 * load (read_text('/etc/hostname'), COPY … TO, ATTACH), an extension, a setting. Null otherwise.
 */
export function engineRefusal(message: string): string | null {
  const file = /Permission Error: Cannot access file "([^"\n]*)"/.exec(message);
  if (file)
    return `The SQL console reaches only the loaded tables and files: "${file[1]}" is not one of them (open it on the Data screen to load it).`;
  if (/the configuration has been locked|Cannot change enable_external_access/.test(message))
    return 'The SQL console cannot change engine settings: they are fixed when the engine starts.';
  const other = /Permission Error: ([^\n]*)/.exec(message);
  return other ? `The SQL console cannot do this: ${other[1].trim()}.`.replace(/\.\.$/, '.') : null;
}

export type ScaleRow = Record<string, number>;

/**
 * Per DECIMAL column (by its DESCRIBE name), the most decimals any of its values needs once
 * trailing zeros are dropped: `s0`, `s1`, ... in the order given. Exact: read from the text form.
 */
export function consoleDecimalScales(statement: string, columns: readonly string[]): Query<ScaleRow> {
  const parts = columns.map((c, i) => `coalesce(max(length(rtrim(split_part(CAST(${ident(c)} AS VARCHAR), '.', 2), '0'))), 0)::INTEGER AS s${i}`);
  return defineQuery('sql/console (decimal scales)', `SELECT ${parts.join(', ')} FROM (${statement}) AS console_s`);
}
