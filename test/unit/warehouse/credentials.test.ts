/**
 * Warehouse credentials: never in a workspace file, a log line or an error. The client layer is
 * checked against a ClickHouse stand-in on loopback that answers as a current server does (an
 * ArrowStream body; a 516 authentication error that echoes what it was given).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClickHouse } from '../../../src/warehouse/node-clickhouse-client';
import { describeSource, parseSourceUrl, parseWarehouseSettings, PASSWORD_ENV } from '../../../src/warehouse/settings';
import { usageAggregateQueries, usageParams } from '../../../src/warehouse/clickhouse-sql';

const SECRET = 'hunter2-Sup3r$ecret';

describe('warehouse source settings', () => {
  it('reads a clickhouse:// URL with its table mappings, and names it without a password', () => {
    const s = parseSourceUrl('clickhouse://finance@ch.example.com:8443/billing?usage_events=events&invoice_lines=ledger');
    expect(s).toMatchObject({ host: 'ch.example.com', port: 8443, secure: true, database: 'billing', user: 'finance' });
    expect(s.tables.usage_events).toEqual({ table: 'events' });
    expect(s.tables.cost_lines).toEqual({ table: 'cost_lines' });
    // Tags come from cost_lines.Tags unless a cost_tags table is named.
    expect(s.tables.cost_tags).toBeUndefined();
    expect(parseSourceUrl('clickhouse://u@h:8123/db?cost_tags=focus_tags').tables.cost_tags).toEqual({ table: 'focus_tags' });
    // An empty name: that table is not in the warehouse (files give it).
    expect(parseSourceUrl('clickhouse://u@h:8123/db?cost_lines=').tables.cost_lines).toBeUndefined();
    expect(describeSource(s)).toBe('clickhouse://finance@ch.example.com:8443/billing');
  });

  it('refuses a password in the URL without repeating it', () => {
    let msg = '';
    try {
      parseSourceUrl(`clickhouse://finance:${SECRET}@ch.example.com/billing`);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain(PASSWORD_ENV);
    expect(msg).not.toContain(SECRET);
  });

  it('refuses a workspace file that holds a password, without repeating it', () => {
    const text = JSON.stringify({ kind: 'clickhouse', host: 'h', port: 8123, secure: false, database: 'd', user: 'u', password: SECRET, tables: {} });
    expect(() => parseWarehouseSettings(text, 'warehouse.json')).toThrow(/holds no password/);
    try {
      parseWarehouseSettings(text, 'warehouse.json');
    } catch (e) {
      expect((e as Error).message).not.toContain(SECRET);
    }
    const ok = parseWarehouseSettings(JSON.stringify({ ...JSON.parse(text), password: undefined }), 'warehouse.json');
    expect(JSON.stringify(ok)).not.toContain(SECRET);
  });

  it('refuses a table name that is not a name', () => {
    expect(() => parseSourceUrl('clickhouse://u@h:8123/db?usage_events=events%3B%20DROP%20TABLE%20x')).toThrow(/table or column name/);
  });
});

describe('ClickHouse client layer against a loopback server', () => {
  let server: Server;
  let port = 0;
  const seen: { url: string; auth: string; body: string }[] = [];
  const body = (req: IncomingMessage) =>
    new Promise<string>((ok) => {
      let s = '';
      req.on('data', (c) => (s += c));
      req.on('end', () => ok(s));
    });
  beforeAll(async () => {
    const arrow = tableToIPC(tableFromArrays({ n: Int32Array.from([7]) }), 'stream');
    server = createServer(async (req, res) => {
      const text = await body(req);
      // What the client authenticated with, decoded: the stand-in echoes it as careless servers and proxies do.
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const auth = basic
        ? Buffer.from(basic, 'base64').toString('utf8')
        : `${req.headers['x-clickhouse-user'] ?? ''}:${req.headers['x-clickhouse-key'] ?? ''}`;
      seen.push({ url: req.url ?? '', auth, body: text });
      if (req.url?.startsWith('/ping')) return res.end('Ok.\n');
      if (auth !== `finance:${SECRET}`) {
        res.writeHead(516, { 'X-ClickHouse-Exception-Code': '516' });
        return res.end(
          `Code: 516. DB::Exception: finance: Authentication failed: password is incorrect, or there is no user with such name (given ${auth}). (AUTHENTICATION_FAILED)`,
        );
      }
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.end(Buffer.from(arrow));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  const source = () => parseSourceUrl(`clickhouse://finance@127.0.0.1:${port}/billing?secure=0`);

  it('sends values as bound parameters and returns the Arrow stream', async () => {
    const client = openClickHouse(source(), { password: SECRET });
    const [q] = usageAggregateQueries(source(), 'month', 300);
    const ipc = await client.queryArrow(q.sql, usageParams({ 'api-calls': 'api_calls' }));
    await client.close();
    expect(ipc.byteLength).toBeGreaterThan(0);
    const req = seen.at(-1)!;
    const sent = decodeURIComponent(req.url) + req.body;
    expect(sent).toContain('{alias_from:Array(String)}');
    expect(decodeURIComponent(req.url)).toMatch(/param_alias_from=\['api-calls'\]/);
    expect(req.body).not.toContain('api-calls');
  });

  it('a refused login names the source, never the password', async () => {
    const client = openClickHouse(source(), { password: 'wrong-' + SECRET });
    const err = await client.queryArrow('SELECT 1').catch((e: Error) => e);
    await client.close();
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toContain(describeSource(source()));
    expect(msg).toContain('Authentication failed');
    expect(msg).not.toContain(SECRET);
  });
});
