/**
 * A ClickHouse server through its official client (@clickhouse/client, HTTP): the pushdown's
 * queries go with their {name:Type} values as bound parameters, results come back as ArrowStream.
 * The password is given here only; any message the driver or server returns is redacted of it
 * and names the source without it.
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { UserError } from '../model/errors';
import type { WarehouseClient } from './client';
import { describeSource, redact, type WarehouseSource } from './settings';

export interface ClickHouseOptions {
  password?: string;
  /** Milliseconds a query may run (default 10 minutes: a month of events). */
  timeoutMs?: number;
}

export function openClickHouse(source: WarehouseSource, opts: ClickHouseOptions = {}): WarehouseClient & { ping(): Promise<void> } {
  const client = createClient({
    url: `${source.secure ? 'https' : 'http'}://${source.host}:${source.port}`,
    username: source.user,
    password: opts.password ?? '',
    database: source.database,
    application: 'finops-workbench',
    request_timeout: opts.timeoutMs ?? 600_000,
    log: { level: ClickHouseLogLevel.OFF },
  });
  const fail = (e: unknown, what: string) => {
    const msg = redact((e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300), opts.password);
    return new UserError(`${describeSource(source)}: ${what} failed: ${msg}`, { file: describeSource(source) });
  };
  return {
    async queryArrow(sql, params = {}) {
      try {
        const r = await client.exec({ query: `${sql} FORMAT ArrowStream`, query_params: params });
        const chunks: Buffer[] = [];
        for await (const c of r.stream) chunks.push(c as Buffer);
        return new Uint8Array(Buffer.concat(chunks));
      } catch (e) {
        throw fail(e, 'a pushdown query');
      }
    },
    async ping() {
      const r = await client.ping();
      if (!r.success) throw fail(r.error, 'connecting');
    },
    async close() {
      await client.close();
    },
  };
}
