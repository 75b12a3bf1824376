import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PathGuard } from '../../../electron/path-guard';
import { startNativeService, type EngineService } from '../../../src/engine-host/node-engine-service';
import { createLoopbackChannel, htmlWithToken, newChannelToken } from '../../../src/engine-host/node-loopback-channel';
import { createRemoteEngine, type RemoteEngine } from '../../../src/engine-host/remote-engine';
import { fetchTransport } from '../../../src/engine-host/fetch-transport';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { registeredFileName, type Engine } from '../../../src/engine/engine';
import { contractCases } from '../../engine/contract';

let server: Server;
let service: EngineService;
let origin: string;
let engine: RemoteEngine;
const token = newChannelToken();
const dir = mkdtempSync(path.join(os.tmpdir(), 'finops-channel-test-'));
const picked = path.join(dir, 'picked.csv');
const notPicked = path.join(dir, 'not-picked.csv');

/** A raw POST, so a test can leave out or forge any header. */
function post(op: string, headers: Record<string, string>, body = '{"op":"health"}'): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/engine/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (p: Buffer) => parts.push(p));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  writeFileSync(picked, 'a,b\n1,2.50\n3,4.25\n');
  writeFileSync(notPicked, 'secret\n42\n');
  const guard = new PathGuard();
  await guard.grant(picked);
  service = await startNativeService(guard, { memoryLimit: '512MB', threads: 2 });
  const channel = createLoopbackChannel(service, token, () => origin);
  server = createServer((req, res) => void channel(req, res).then((done) => done || res.writeHead(404).end()));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  engine = createRemoteEngine(fetchTransport({ base: origin, token, headers: { Origin: origin } }));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
  await service?.close();
});

describe('loopback engine channel: who may call', () => {
  const good = () => ({ origin, authorization: `Bearer ${token}` });

  it('answers the page: its token, its origin', async () => {
    const r = await post('health', good());
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ engine: 'node-native', stopped: false, threads: 2 });
  });
  it('refuses a request without the token', async () => {
    const r = await post('health', { origin });
    expect([r.status, r.json.refused]).toEqual([403, 'token']);
  });
  it('refuses a wrong token, even one of the right length', async () => {
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const r = await post('health', { origin, authorization: `Bearer ${wrong}` });
    expect([r.status, r.json.refused]).toEqual([403, 'token']);
  });
  it('refuses another origin, and a request with no Origin, even with the token', async () => {
    for (const o of ['http://evil.example', 'http://localhost:1', 'null']) {
      const r = await post('health', { ...good(), origin: o });
      expect([r.status, r.json.refused], o).toEqual([403, 'origin']);
    }
    const r = await post('health', { authorization: `Bearer ${token}` });
    expect([r.status, r.json.refused]).toEqual([403, 'origin']);
  });
  it('refuses a request for another host name (DNS rebinding onto 127.0.0.1)', async () => {
    const r = await post('health', { ...good(), host: 'rebound.example:80' });
    expect([r.status, r.json.refused]).toEqual([403, 'host']);
  });
  it('refuses what is not a request: unknown op, extra fields, a path as a file name', async () => {
    for (const [op, body] of [
      ['shell', '{"op":"shell"}'],
      ['exec', '{"op":"exec","sql":"SELECT 1","x":1}'],
      ['drop', '{"op":"drop","name":"../etc/passwd"}'],
      ['exec', 'not json'],
    ]) {
      const r = await post(op, good(), body);
      expect([r.status, r.json.refused], body).toEqual([400, 'request']);
    }
  });
});

describe('loopback engine channel: which files', () => {
  it('reads a path the user picked, and refuses one not picked', async () => {
    await engine.registerFile(registeredFileName('picked.csv'), { kind: 'path', path: picked });
    const rows = await engine.query(`SELECT sum(b::DECIMAL(10,2)) AS s FROM read_csv('${registeredFileName('picked.csv')}')`);
    expect(rows).toEqual([{ s: '6.75' }]);
    await expect(engine.registerFile(registeredFileName('x.csv'), { kind: 'path', path: notPicked })).rejects.toThrow(/not opened by the user/);
    await expect(engine.registerFile(registeredFileName('y.csv'), { kind: 'path', path: '/etc/passwd' })).rejects.toThrow(/cannot be opened/);
  });
  it('user SQL reads no file it was not given', async () => {
    await expect(engine.query(`SELECT * FROM read_text('${notPicked}')`)).rejects.toThrow(/Permission Error|disabled by configuration/);
    await expect(engine.exec('SET enable_external_access = true')).rejects.toThrow(/locked/);
  });
  it('reads bytes the page sent (a file picked there), streamed to disk', async () => {
    await engine.registerFile(registeredFileName('sent.csv'), { kind: 'blob', blob: new Blob(['k,v\nx,1\ny,2\n']) });
    expect(await engine.query(`SELECT count(*) AS n FROM read_csv('${registeredFileName('sent.csv')}')`)).toEqual([{ n: 2 }]);
    await engine.dropFile(registeredFileName('sent.csv'));
    await expect(engine.query(`SELECT count(*) AS n FROM read_csv('${registeredFileName('sent.csv')}')`)).rejects.toThrow();
  });
});

describe('loopback engine channel: results and control', () => {
  let native: Engine;
  beforeAll(async () => {
    native = await createNativeEngine({ memoryLimit: '256MB', threads: 1 });
  });
  afterAll(async () => native?.close());

  it('rows over Arrow IPC equal the native engine rows, type for type', async () => {
    const sql = `SELECT 1::TINYINT AS t, 2::INTEGER AS i, 9007199254740993::BIGINT AS big, 170141183460469231731687303715884105727::HUGEINT AS huge,
      12::HUGEINT AS small_huge, 1.5::DOUBLE AS d, 'é'::VARCHAR AS s, NULL::VARCHAR AS n, true AS b, -123.456789::DECIMAL(38,18) AS money,
      DATE '1969-12-31' AS dt, TIMESTAMP '2026-01-02 03:04:05.678901' AS ts, [1.25::DECIMAL(10,2), NULL] AS l,
      {'a': 1, 'b': 'x'} AS st, MAP {'k': 2.5::DECIMAL(5,1)} AS m, INTERVAL 3 DAY AS iv, TIME '01:02:03' AS tm, '\\x01\\xff'::BLOB AS bl
      FROM range(3) ORDER BY 1`;
    // BLOBs are bytes on both (native hands a Buffer, Arrow a Uint8Array): compared as bytes.
    const bytes = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, bl: Array.from(r.bl as Uint8Array) }));
    const remote = await engine.query(sql);
    expect(bytes(remote)).toEqual(bytes(await native.query(sql)));
    expect(remote[0].bl).toEqual(new Uint8Array([1, 255]));
    expect(remote[0]).toMatchObject({
      big: 9007199254740993n,
      huge: 170141183460469231731687303715884105727n,
      small_huge: 12,
      money: '-123.456789000000000000',
    });
    expect(await engine.query('SELECT 1 AS x WHERE false')).toEqual([]);
    expect(await engine.query('SELECT ?::BIGINT + 1 AS y', [2n ** 60n])).toEqual([{ y: 2n ** 60n + 1n }]);
  });

  it('reports progress of a running statement and cancels it', async () => {
    expect(await engine.progress()).toBeNull();
    const running = engine.query('SELECT sum(a.range * b.range) AS s FROM range(100000000) a, range(100000) b');
    const outcome = running.then(
      () => 'finished',
      (e: Error) => e.message,
    );
    let p = await engine.progress();
    // Bounded: a statement that ended at once (it never should) fails the test instead of hanging it.
    for (let i = 0; !p && i < 10_000; i++) p = await engine.progress();
    expect(p).not.toBeNull();
    expect(await engine.cancel()).toBe(true);
    expect(await outcome).toMatch(/interrupt/i);
    expect(await engine.query('SELECT 42 AS x')).toEqual([{ x: 42 }]);
  });

  it('hands the token to the page inside its HTML', () => {
    expect(htmlWithToken('<html><head><title>x</title></head></html>', 'T0K')).toContain('<meta name="finops-engine-channel" content="T0K" />');
  });
});

describe('engine contract: native engine over the loopback channel', () => {
  for (const c of contractCases) {
    it(c.name, async () => {
      await c.run(engine, (actual, expected, what) => expect(actual, what).toEqual(expected));
    });
  }
});
