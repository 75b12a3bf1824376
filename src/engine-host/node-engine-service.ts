/**
 * The native engine served to a renderer, whatever carries the requests (node-loopback-channel.ts
 * for the browser fallback, node-port-server.ts for the Electron utility process): one request in
 * (already authenticated by the transport), one reply out. Files reach the engine only two ways:
 * bytes the page sends (a file the user picked there) or a path the host granted (PathGuard: the
 * user chose it in a dialog or on the command line); SQL then reads only those (the lockdown).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { registeredFileName } from '../engine/engine';
import { createNativeEngine, type NativeEngine } from '../engine/node-native-engine';
import { fromWire, type EngineRequest, type WarehouseEvidenceReply, type WarehouseLoadReply } from '../host/engine-channel';
import { defaultBillingConfig } from '../model/mappings';
import { UserError } from '../model/errors';
import { DRILL_TABLE, EVIDENCE_LIMIT, landEventScope } from '../warehouse/evidence';
import { loadWarehouseSource, withWarehouse } from '../warehouse/node-open-source';
import { describeSource, parseWarehouseSettings } from '../warehouse/settings';

/** Who decides which local paths may be read: the host's PathGuard (electron/path-guard.ts). */
export interface PathGrants {
  /** The canonical path to read, or throws when the user did not choose this file. */
  check(path: string): Promise<string>;
}

/** A request refused before anything ran (the transport turns it into a 403/400 reply). */
export class ChannelRefusal extends Error {
  constructor(
    readonly refused: 'token' | 'origin' | 'host' | 'request' | 'path',
    message: string,
  ) {
    super(message);
    this.name = 'ChannelRefusal';
  }
}

export type Body = Uint8Array | AsyncIterable<Uint8Array>;
export type ServiceReply = { json: unknown } | { arrow: Uint8Array };

export interface EngineService {
  handle(req: EngineRequest, body?: Body): Promise<ServiceReply>;
  close(): Promise<void>;
}

async function bytesOf(body: Body | undefined): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  const parts: Uint8Array[] = [];
  for await (const p of body) parts.push(p);
  return Buffer.concat(parts);
}

export function createEngineService(engine: NativeEngine, grants: PathGrants | null, info: { threads: number; memoryLimit: string }): EngineService {
  const uploads = mkdtempSync(path.join(os.tmpdir(), 'finops-uploads-'));
  const ok = { json: { ok: true } };
  // The warehouse passwords of this session by source name: in this process's memory only, never written or logged.
  const passwords = new Map<string, string>();
  // One warehouse client at a time (chDB runs in this process; drills on one screen arrive together).
  let warehouseTurn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = warehouseTurn.then(fn, fn);
    warehouseTurn = run.catch(() => undefined);
    return run;
  };
  return {
    async handle(req, body) {
      switch (req.op) {
        case 'health':
          return { json: { engine: 'node-native', stopped: engine.stopped ?? false, ...info } };
        case 'query':
          return { arrow: await engine.queryArrowIPC(req.sql, req.params.map(fromWire)) };
        case 'exec':
          await engine.exec(req.sql);
          return ok;
        case 'insertArrow':
          await engine.insertArrowIPC(req.table, await bytesOf(body), { create: req.create });
          return ok;
        case 'upload': {
          // Streamed to disk, then linked into the engine's folder: a large file is never held in memory.
          const file = path.join(uploads, req.name);
          await pipeline(
            body instanceof Uint8Array || !body ? Readable.from([body ?? new Uint8Array()]) : Readable.from(body),
            createWriteStream(file),
          );
          try {
            await engine.registerFile(registeredFileName(req.name), { kind: 'path', path: file });
          } finally {
            rmSync(file, { force: true });
          }
          return ok;
        }
        case 'registerPath': {
          if (!grants) throw new ChannelRefusal('path', `File ${path.basename(req.path)} cannot be opened: this host grants no local paths`);
          const real = await grants.check(req.path).catch((e: unknown) => {
            throw new ChannelRefusal('path', e instanceof Error ? e.message : String(e));
          });
          await engine.registerFile(registeredFileName(req.name), { kind: 'path', path: real });
          return ok;
        }
        case 'drop':
          await engine.dropFile(registeredFileName(req.name));
          return ok;
        case 'progress': {
          const p = await engine.progress();
          return { json: p ? { running: true, ...p } : { running: false, percentage: null, rowsProcessed: 0, totalRows: 0 } };
        }
        case 'cancel':
          return { json: { cancelled: await engine.cancel() } };
        case 'warehousePassword':
          if (req.password) passwords.set(req.source, req.password);
          else passwords.delete(req.source);
          return ok;
        case 'warehouseHasPassword':
          return { json: { held: passwords.has(req.source) } };
        case 'warehouseLoad': {
          const source = parseWarehouseSettings(JSON.stringify(req.source), 'warehouse settings');
          const cfg = { ...defaultBillingConfig(), ...req.config };
          const r = await inTurn(() => loadWarehouseSource(source, passwords.get(describeSource(source)), engine, cfg));
          // Drills of an earlier load are stale.
          await engine.exec(`DROP TABLE IF EXISTS ${DRILL_TABLE}`);
          const reply: WarehouseLoadReply = {
            source: r.source,
            rowsMoved: r.rowsMoved,
            bytesMoved: r.bytesMoved,
            ms: r.ms,
            costStaged: r.costStaged,
          };
          return { json: reply };
        }
        case 'warehouseEvidence': {
          const source = parseWarehouseSettings(JSON.stringify(req.source), 'warehouse settings');
          const name = describeSource(source);
          const rows = await inTurn(() =>
            withWarehouse(source, passwords.get(name), (client) => landEventScope(client, engine, source, req.drill, req.scope)),
          );
          const reply: WarehouseEvidenceReply = { source: name, rows, limit: EVIDENCE_LIMIT };
          return { json: reply };
        }
      }
    },
    async close() {
      await engine.close();
      rmSync(uploads, { recursive: true, force: true });
    },
  };
}

/** The reply for a failure: the user error's one line and details, never a stack. */
export function errorReply(e: unknown): {
  status: number;
  body: { message: string; user: boolean; details?: Record<string, unknown>; refused?: string };
} {
  if (e instanceof ChannelRefusal)
    return { status: e.refused === 'request' ? 400 : 403, body: { message: e.message, user: true, refused: e.refused } };
  if (e instanceof UserError) return { status: 422, body: { message: e.message, user: true, details: { ...e.details } } };
  const message = (e instanceof Error ? e.message : String(e)).slice(0, 4000);
  return { status: 500, body: { message, user: false } };
}

/** A locked-down native engine (all cores, its memory cap) behind a service, for a host to serve. */
export async function startNativeService(grants: PathGrants | null, opts: { memoryLimit?: string; threads?: number } = {}): Promise<EngineService> {
  const engine = await createNativeEngine(opts);
  const [s] = await engine.query<{ t: number; m: string }>("SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m");
  return createEngineService(engine, grants, { threads: Number(s.t), memoryLimit: String(s.m) });
}
