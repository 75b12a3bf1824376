/**
 * ClickHouse's SQL in-process through chDB (npm `chdb`, ClickHouse 26.7): the warehouse for tests
 * and the bench. chdb is large (~540 MB) and not a dependency: .ci/run installs it; the import is
 * dynamic so typecheck and the app never need it.
 */
import type { WarehouseClient } from './client';

interface ChdbSession {
  queryBindAsync(sql: string, params: object, opts?: { format?: string }): Promise<{ bytes(): Uint8Array }>;
  queryAsync(sql: string, opts?: { format?: string }): Promise<{ bytes(): Uint8Array; text(): string }>;
  cleanup(): void;
}
interface ChdbModule {
  Session: new (path?: string) => ChdbSession;
}

/** The chdb module when installed, else null (tests skip saying so). */
export async function loadChdb(): Promise<ChdbModule | null> {
  const name = 'chdb';
  try {
    const m = (await import(/* @vite-ignore */ name)) as ChdbModule & { default?: ChdbModule };
    return m.Session ? m : (m.default ?? null);
  } catch {
    return null;
  }
}

export interface ChdbWarehouse extends WarehouseClient {
  /** Runs a statement that returns nothing we read (DDL, INSERT). */
  exec(sql: string): Promise<void>;
}

export async function openChdb(path?: string): Promise<ChdbWarehouse> {
  const m = await loadChdb();
  if (!m) throw new Error('chdb is not installed: npm install --no-save chdb@3.4.0');
  const session = new m.Session(path);
  return {
    async queryArrow(sql, params = {}) {
      const r = await session.queryBindAsync(sql, params, { format: 'ArrowStream' });
      return r.bytes();
    },
    async exec(sql) {
      await session.queryAsync(sql, { format: 'CSV' });
    },
    async close() {
      session.cleanup();
    },
  };
}
