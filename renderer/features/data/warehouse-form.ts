/**
 * The warehouse source's settings as the Data screen's panel holds them (never a password), and
 * the source they stand for, checked as a workspace's settings are (src/warehouse/settings.ts).
 */
import { parseWarehouseSettings, WAREHOUSE_TABLES, type WarehouseSource, type WarehouseTable } from '../../../src/warehouse/settings';

export interface WarehouseForm {
  kind: 'clickhouse' | 'chdb';
  /** https://host:8443 (or http://host:8123) of a ClickHouse server. */
  url: string;
  /** A ClickHouse data folder on the host's computer (chDB). */
  path: string;
  database: string;
  user: string;
  /** Warehouse table per canonical table; '' = the warehouse has none. */
  tables: Record<WarehouseTable, string>;
}

export const DEFAULT_WAREHOUSE: WarehouseForm = {
  kind: 'clickhouse',
  url: 'https://localhost:8443',
  path: '',
  database: 'default',
  user: 'default',
  // No cost_tags table by default: a FOCUS export in a warehouse keeps its tags in the cost lines' Tags column.
  tables: Object.fromEntries(WAREHOUSE_TABLES.map((t) => [t, t === 'cost_tags' ? '' : t])) as Record<WarehouseTable, string>,
};

/** The form as a source (checked as a workspace's settings are); throws a one-line UserError. */
export function sourceOf(f: WarehouseForm): WarehouseSource {
  let host = 'localhost';
  let port = 8443;
  let secure = true;
  if (f.kind === 'clickhouse') {
    const u = /^(https?):\/\/([\w.-]+)(?::(\d{1,5}))?\/?$/.exec(f.url.trim());
    if (!u)
      // The value is not repeated: a pasted URL may carry a password.
      throw new Error('Warehouse: host URL: expected https://host:port (or http://host:port), no user, password or path');
    secure = u[1] === 'https';
    host = u[2];
    port = u[3] ? Number(u[3]) : secure ? 8443 : 8123;
  }
  const tables = Object.fromEntries(
    WAREHOUSE_TABLES.filter((t) => f.tables[t]?.trim()).map((t) => [t, { table: f.tables[t].trim() }]),
  ) as WarehouseSource['tables'];
  const raw = {
    kind: f.kind,
    ...(f.kind === 'chdb' && { path: f.path.trim() }),
    host,
    port,
    secure,
    database: f.database.trim(),
    user: f.user.trim(),
    tables,
  };
  return parseWarehouseSettings(JSON.stringify(raw), 'Warehouse');
}
