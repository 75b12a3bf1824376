import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNativeService, type EngineService } from '../../../src/engine-host/node-engine-service';
import { GrantedPaths, servePort } from '../../../src/engine-host/node-port-server';
import { portTransport } from '../../../src/engine-host/port-transport';
import { createRemoteEngine, type RemoteEngine } from '../../../src/engine-host/remote-engine';
import { registeredFileName } from '../../../src/engine/engine';
import { contractCases } from '../../engine/contract';

// The utility process's end as Electron's MessagePortMain presents it ({ data } events).
const asMainPort = (p: MessagePort) => ({
  on: (_: 'message', l: (e: { data: unknown }) => void) => void p.on('message', (data: unknown) => l({ data })),
  postMessage: (m: unknown, t?: ArrayBuffer[]) => p.postMessage(m, t),
});

let service: EngineService;
let engine: RemoteEngine;
let channel: MessageChannel;
const grants = new GrantedPaths();
const dir = mkdtempSync(path.join(os.tmpdir(), 'finops-port-test-'));

beforeAll(async () => {
  service = await startNativeService(grants, { memoryLimit: '512MB', threads: 2 });
  channel = new MessageChannel();
  servePort(asMainPort(channel.port1), service);
  engine = createRemoteEngine(portTransport(channel.port2 as unknown as Parameters<typeof portTransport>[0]));
});
afterAll(async () => {
  channel?.port1.close();
  await service?.close();
});

describe('engine channel over a MessagePort (Electron utility process)', () => {
  it('answers health and reads only paths main granted', async () => {
    expect(await engine.health()).toMatchObject({ engine: 'node-native', stopped: false, threads: 2 });
    const chosen = path.join(dir, 'chosen.csv');
    writeFileSync(chosen, 'x\n1\n2\n');
    await expect(engine.registerFile(registeredFileName('c.csv'), { kind: 'path', path: chosen })).rejects.toThrow(/not opened by the user/);
    await grants.add(chosen);
    await engine.registerFile(registeredFileName('c.csv'), { kind: 'path', path: chosen });
    expect(await engine.query(`SELECT sum(x) AS s FROM read_csv('${registeredFileName('c.csv')}')`)).toEqual([{ s: 3 }]);
  });
  it('refuses a malformed request with a one-line error', async () => {
    const transport = portTransport(channel.port2 as unknown as Parameters<typeof portTransport>[0]);
    await expect(transport.send({ op: 'drop', name: '../../etc/passwd' })).rejects.toThrow('Not an engine request');
  });
  for (const c of contractCases) {
    it(`contract: ${c.name}`, async () => {
      await c.run(engine, (actual, expected, what) => expect(actual, what).toEqual(expected));
    });
  }
});
