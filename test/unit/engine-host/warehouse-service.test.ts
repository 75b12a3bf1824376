/**
 * The host's engine service runs the app's warehouse pushdown and its drills: the session's
 * password is held in the host's memory under its source's name (never in the request that loads),
 * a failure is one line naming the source without the password, and a chDB database lands its
 * aggregates, and a drill's events, in the host's native engine (skipped, saying so, without chdb).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeService, type EngineService } from '../../../src/engine-host/node-engine-service';
import { tableFromIPC } from 'apache-arrow';
import type { WarehouseEvidenceReply, WarehouseLoadReply } from '../../../src/host/engine-channel';
import { DRILL_TABLE, EVIDENCE_LIMIT } from '../../../src/warehouse/evidence';
import { UserError } from '../../../src/model/errors';
import { loadChdb, openChdb } from '../../../src/warehouse/node-chdb-client';
import { chCreateTableSql, chIdent } from '../../../src/warehouse/clickhouse-sql';
import { scenarioSource } from '../warehouse/chdb-scenario';

const SECRET = 'pw-Never-In-An-Error-42';
const CONFIG = { period: 'month' as const, suspectedDuplicateWindowSeconds: 1, skuAliases: {} };

let service: EngineService;
beforeAll(async () => {
  service = await startNativeService(null, { memoryLimit: '512MB', threads: 1 });
}, 60_000);
afterAll(async () => {
  await service?.close();
});

describe('engine service: warehouse load errors', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    // A server refusing the login as ClickHouse does, echoing what it was given over several lines.
    server = createServer((req, res) => {
      const auth = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      res.writeHead(516, { 'Content-Type': 'text/plain', 'X-ClickHouse-Exception-Code': '516' });
      res.end(`Code: 516. DB::Exception: ${auth}: Authentication failed: password is incorrect.\n  at stack line ${SECRET}\n`);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  const source = () => ({ ...scenarioSource('billing'), host: '127.0.0.1', port, user: 'finops' });
  const named = () => `clickhouse://finops@127.0.0.1:${port}/billing`;
  const failure = (req: Parameters<EngineService['handle']>[0]) =>
    service.handle(req).then(
      () => null,
      (e: unknown) => e,
    );

  it('holds a password under its source name only', async () => {
    await service.handle({ op: 'warehousePassword', source: named(), password: SECRET });
    expect(await service.handle({ op: 'warehouseHasPassword', source: named() })).toEqual({ json: { held: true } });
    expect(await service.handle({ op: 'warehouseHasPassword', source: 'clickhouse://other@127.0.0.1:1/billing' })).toEqual({ json: { held: false } });
  });

  it('is one line naming the source, never the password, for a load and for a drill', async () => {
    await service.handle({ op: 'warehousePassword', source: named(), password: SECRET });
    const scope = { customer: 'acme', sku: 'api', period: '2026-01', granularity: 'month' as const };
    for (const req of [
      { op: 'warehouseLoad' as const, source: source(), config: CONFIG },
      { op: 'warehouseEvidence' as const, source: source(), drill: 'd1', scope },
    ]) {
      const err = await failure(req);
      expect(err, req.op).toBeInstanceOf(UserError);
      const msg = (err as Error).message;
      expect(msg).toContain(named());
      expect(msg).toContain('Authentication failed');
      expect(msg).not.toContain(SECRET);
      expect(msg).not.toContain('\n');
    }
  });

  it('refuses settings that carry a password, without repeating it', async () => {
    const source = { ...scenarioSource('billing'), password: SECRET };
    const err = await service.handle({ op: 'warehouseLoad', source, config: CONFIG }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toMatch(/holds no password/);
    expect((err as Error).message).not.toContain(SECRET);
  });
});

const chdb = await loadChdb();
if (!chdb) console.log('warehouse service chDB test skipped: chdb is not installed (npm install --no-save chdb@3.4.0)');

describe.skipIf(!chdb)('engine service: a chDB warehouse', () => {
  it('lands the usage aggregates and the row tables in the host engine, and says what moved', async () => {
    const folder = path.join(mkdtempSync(path.join(tmpdir(), 'finops-wh-service-')), 'chdata');
    const ch = await openChdb(folder);
    await ch.exec(`CREATE DATABASE IF NOT EXISTS billing`);
    for (const t of ['usage_events', 'invoice_lines', 'cost_lines', 'cost_tags', 'price_book'] as const)
      await ch.exec(chCreateTableSql(t, 'billing'));
    await ch.exec(
      `INSERT INTO billing.${chIdent('usage_events')} (event_id, source, customer_id, sku, ts, ingested_at, quantity, properties, source_file, source_row, source_format) VALUES ('e1', 'app', 'acme', 'api', '2026-01-05 10:00:00', '2026-01-05 10:00:01', 2, '{}', 'ev.csv', 1, 'csv'), ('e2', 'app', 'acme', 'api', '2026-01-06 10:00:00', '2026-01-06 10:00:01', 3, '{}', 'ev.csv', 2, 'csv')`,
    );
    await ch.close();
    const source = { ...scenarioSource('billing'), kind: 'chdb', path: folder };
    const reply = (await service.handle({ op: 'warehouseLoad', source, config: CONFIG })) as { json: WarehouseLoadReply };
    expect(reply.json.source).toBe(`chdb://${folder}?database=billing`);
    expect(reply.json.bytesMoved).toBeGreaterThan(0);
    expect(reply.json.rowsMoved.invoice_lines).toBe(0);
    // The cost side is staged as aggregates (none here: the warehouse has no cost lines), so the app's run goes on with costStaged.
    expect(reply.json.costStaged).toBe(true);
    expect(reply.json.rowsMoved.__cs_alloc).toBe(0);
    expect(reply.json.rowsMoved.cost_lines).toBeUndefined();
    // A drill lands the events of its scope (and of its ids) from the warehouse, typed as usage_events.
    const cell = { customer: 'acme', sku: 'api', period: '2026-01', granularity: 'month' as const };
    const drill = (await service.handle({ op: 'warehouseEvidence', source, drill: 'd1', scope: cell })) as { json: WarehouseEvidenceReply };
    expect(drill.json).toEqual({ source: `chdb://${folder}?database=billing`, rows: 2, limit: EVIDENCE_LIMIT });
    await service.handle({ op: 'warehouseEvidence', source, drill: 'd2', scope: { eventIds: ['e2'] } });
    await service.handle({ op: 'warehouseEvidence', source, drill: 'd3', scope: { ...cell, period: '2026-02' } });
    const rows = (await service.handle({
      op: 'query',
      sql: `SELECT drill, source_file, source_row, event_id, CAST(ts AS VARCHAR) AS ts, CAST(quantity AS VARCHAR) AS q FROM ${DRILL_TABLE} ORDER BY drill, source_row`,
      params: [],
    })) as { arrow: Uint8Array };
    expect(
      tableFromIPC(rows.arrow)
        .toArray()
        .map((r) => ({ ...r.toJSON(), source_row: Number(r.source_row) })),
    ).toEqual([
      { drill: 'd1', source_file: 'ev.csv', source_row: 1, event_id: 'e1', ts: '2026-01-05 10:00:00', q: '2.000000000000000000' },
      { drill: 'd1', source_file: 'ev.csv', source_row: 2, event_id: 'e2', ts: '2026-01-06 10:00:00', q: '3.000000000000000000' },
      { drill: 'd2', source_file: 'ev.csv', source_row: 2, event_id: 'e2', ts: '2026-01-06 10:00:00', q: '3.000000000000000000' },
    ]);
  }, 120_000);
});
