/**
 * A warehouse source: where the events, invoice lines and cost lines live (ClickHouse today), the
 * user, and which warehouse table and columns stand for each canonical table. The password is
 * never part of it: the CLI reads FINOPS_CLICKHOUSE_PASSWORD, the app its keychain; a workspace
 * holds these settings only (parseWarehouseSettings refuses a password key), and every message
 * about a source names it without one (describeSource).
 */
import * as v from 'valibot';
import { UserError } from '../model/errors';
import { parseWithSchema, type SchemaProblem } from '../model/schema-error';

/** The canonical tables a warehouse maps (price book and FX rates stay files: they are small). */
export const WAREHOUSE_TABLES = ['usage_events', 'invoice_lines', 'cost_lines', 'cost_tags', 'price_book'] as const;
export type WarehouseTable = (typeof WAREHOUSE_TABLES)[number];

/** One warehouse table standing for a canonical one; `columns` maps canonical names to its own (others: same name). */
export interface TableMapping {
  table: string;
  columns?: Record<string, string>;
}

export interface WarehouseSource {
  /** clickhouse: a server over HTTP(S); chdb: a ClickHouse data folder on this machine, read in-process (`path`). */
  kind: 'clickhouse' | 'chdb';
  path?: string;
  host: string;
  port: number;
  /** https (the default port 8443) or http (8123). */
  secure: boolean;
  database: string;
  user: string;
  tables: Partial<Record<WarehouseTable, TableMapping>>;
}

/** The environment variable the CLI reads the password from. */
export const PASSWORD_ENV = 'FINOPS_CLICKHOUSE_PASSWORD';

const NAME = /^[A-Za-z_][\w.]*$/;
const name = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.regex(NAME, `${what} must be a table or column name (letters, digits, _ .)`));
const mapping = v.strictObject({ table: name('table'), columns: v.optional(v.record(v.string(), name('column'))) });
const SETTINGS = v.strictObject({
  kind: v.picklist(['clickhouse', 'chdb'], 'kind must be "clickhouse" or "chdb"'),
  path: v.optional(v.string()),
  host: v.pipe(v.string(), v.regex(/^[\w.-]+$/, 'host must be a host name')),
  port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)),
  secure: v.boolean(),
  database: name('database'),
  user: v.pipe(v.string(), v.regex(/^[\w.@-]+$/, 'user must be a user name')),
  tables: v.strictObject(
    Object.fromEntries(WAREHOUSE_TABLES.map((t) => [t, v.optional(mapping)])) as Record<WarehouseTable, v.OptionalSchema<typeof mapping, undefined>>,
  ),
});

const line = (file: string) => (p: SchemaProblem) => `${file}: setting "${p.path || '(source)'}": expected ${p.expected}`;

/** Settings from a workspace file; a password (under any key) is refused, never read. */
export function parseWarehouseSettings(text: string, file: string): WarehouseSource {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: expected a JSON object of warehouse settings: ${(e as Error).message}`, { file, expected: 'JSON' });
  }
  if (raw && typeof raw === 'object' && Object.keys(raw).some((k) => /pass|secret|token/i.test(k)))
    throw new UserError(`${file}: a warehouse source holds no password: give it in ${PASSWORD_ENV} (CLI) or the keychain (app)`, { file });
  return parseWithSchema(SETTINGS, raw, file, line(file));
}

/**
 * `clickhouse://user@host:port/db?usage_events=events&invoice_lines=ledger&secure=0`, or
 * `chdb:///data/folder?database=db` for ClickHouse data on this machine: each canonical table's query
 * key names its warehouse table (default: the canonical name; an empty name: not in the warehouse;
 * cost_tags only when named, else the cost lines' Tags column is read). A password in the URL is
 * refused without being repeated.
 */
export function parseSourceUrl(text: string): WarehouseSource {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`--source: expected clickhouse://user@host:port/database, got a value that is not a URL`, {
      expected: 'clickhouse://user@host:port/database',
    });
  }
  if (url.protocol !== 'clickhouse:' && url.protocol !== 'chdb:')
    throw new UserError(`--source: expected a clickhouse:// or chdb:// source, got ${url.protocol}//`, { expected: 'clickhouse://' });
  const chdb = url.protocol === 'chdb:';
  if (url.password)
    throw new UserError(`--source: the URL carries a password: remove it and set ${PASSWORD_ENV} instead`, { expected: 'no password in the URL' });
  const q = url.searchParams;
  const secure = q.get('secure') !== '0';
  const tables: WarehouseSource['tables'] = {};
  // `T=` (empty): not in this warehouse (files give it). A FOCUS export in a warehouse carries its
  // tags in the Tags column: a cost_tags table only when named.
  for (const t of WAREHOUSE_TABLES) {
    const named = q.get(t);
    if (named === '' || (t === 'cost_tags' && named === null)) continue;
    tables[t] = { table: named ?? t };
  }
  const source = {
    kind: chdb ? ('chdb' as const) : ('clickhouse' as const),
    ...(chdb && { path: decodeURIComponent(url.pathname) }),
    host: chdb ? 'localhost' : url.hostname,
    port: url.port ? Number(url.port) : secure ? 8443 : 8123,
    secure,
    database: (chdb ? q.get('database') : decodeURIComponent(url.pathname.replace(/^\//, ''))) || 'default',
    user: decodeURIComponent(url.username) || 'default',
    tables,
  };
  return parseWithSchema(SETTINGS, source, '--source', line('--source'));
}

/** The source as a person reads it in a log line or an error: never a password. */
export function describeSource(s: WarehouseSource): string {
  if (s.kind === 'chdb') return `chdb://${s.path}?database=${s.database}`;
  return `clickhouse://${s.user}@${s.host}:${s.port}/${s.database}`;
}

/** `message` with every occurrence of `secret` blanked (a driver's error may echo what it was given). */
export function redact(message: string, secret: string | undefined): string {
  return secret ? message.split(secret).join('***') : message;
}
