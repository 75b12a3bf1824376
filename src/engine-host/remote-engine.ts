/**
 * The Engine interface over an engine channel (src/host/engine-channel.ts): what the renderer holds
 * when the workspace lives in the host's native engine, so every screen and the ingest run
 * unchanged. Rows come back as Arrow IPC and are read by the same code as the wasm builds'
 * (values.ts), so they follow the one Row contract. Transports: fetch-transport.ts (loopback
 * HTTP) and port-transport.ts (Electron MessagePort).
 */
import { REGISTERED_FILES_DIR, type Engine, type FileSource, type Row, type SqlValue, type StatementProgress } from '../engine/engine';
import { arrow } from '../engine/arrow';
import { tableToRows } from '../engine/values';
import {
  toWire,
  type EngineErrorReply,
  type EngineHealthReply,
  type EngineProgressReply,
  type EngineRequest,
  type WarehouseEvidenceReply,
  type WarehouseLoadReply,
  type WarehouseRunConfig,
} from '../host/engine-channel';
import { UserError, type UserErrorDetails } from '../model/errors';
import type { EventScope } from '../model/findings';

export type TransportBody = Uint8Array | Blob;

export interface EngineTransport {
  /** Sends one request; resolves with the Arrow bytes (query) or the JSON reply; rejects with channelError's error. */
  send(req: EngineRequest, body?: TransportBody): Promise<Uint8Array | unknown>;
}

/** The Error a failure reply stands for: a UserError (with its details) when it was one. */
export function channelError(reply: EngineErrorReply): Error {
  return reply.user ? new UserError(reply.message, (reply.details ?? {}) as UserErrorDetails) : new Error(reply.message);
}

export interface RemoteEngine extends Engine {
  health(): Promise<EngineHealthReply>;
  progress(): Promise<StatementProgress | null>;
  /** Hands the host this session's password of the source named `source` (kept in its memory only; null forgets it). */
  setWarehousePassword(source: string, password: string | null): Promise<void>;
  /** Whether the host holds a password for the source named `source`. */
  warehouseHasPassword(source: string): Promise<boolean>;
  /** Pushes the run's heavy part down to the warehouse `source` (workspace settings, no password) into this engine. */
  loadWarehouse(source: object, config: WarehouseRunConfig): Promise<WarehouseLoadReply>;
  /** Lands the events of a drill, asked of the warehouse, in this engine's drill table under `drill`. */
  warehouseEvidence(source: object, drill: string, scope: EventScope): Promise<WarehouseEvidenceReply>;
}

const bare = (name: string) => (name.startsWith(REGISTERED_FILES_DIR) ? name.slice(REGISTERED_FILES_DIR.length) : name);

export function createRemoteEngine(transport: EngineTransport): RemoteEngine {
  let inTransaction = false;
  let closed = false;
  const send = (req: EngineRequest, body?: TransportBody) => {
    if (closed) return Promise.reject(new Error('The native engine was closed'));
    return transport.send(req, body);
  };
  const exec = async (sql: string) => {
    await send({ op: 'exec', sql });
  };
  const engine: RemoteEngine = {
    name: 'host-native',
    nativeReaders: true,
    async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []) {
      const ipc = (await send({ op: 'query', sql, params: params.map(toWire) })) as Uint8Array;
      return tableToRows<T>(arrow.tableFromIPC(ipc));
    },
    exec,
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (inTransaction) return fn();
      await exec('BEGIN TRANSACTION');
      inTransaction = true;
      try {
        const out = await fn();
        await exec('COMMIT');
        return out;
      } catch (e) {
        await exec('ROLLBACK').catch(() => {
          // Already aborted by the failing statement.
        });
        throw e;
      } finally {
        inTransaction = false;
      }
    },
    async registerFile(name: string, source: FileSource) {
      const n = bare(name);
      if (source.kind === 'path') await send({ op: 'registerPath', name: n, path: source.path });
      else await send({ op: 'upload', name: n }, source.kind === 'blob' ? source.blob : source.data);
    },
    async dropFile(name: string) {
      await send({ op: 'drop', name: bare(name) });
    },
    async insertArrowIPC(table: string, ipc: Uint8Array, o: { create?: boolean } = {}) {
      await send({ op: 'insertArrow', table, create: o.create ?? true }, ipc);
    },
    async cancel() {
      return ((await send({ op: 'cancel' })) as { cancelled: boolean }).cancelled;
    },
    health: async () => (await send({ op: 'health' })) as EngineHealthReply,
    async progress() {
      const p = (await send({ op: 'progress' })) as EngineProgressReply;
      return p.running ? { percentage: p.percentage, rowsProcessed: p.rowsProcessed, totalRows: p.totalRows } : null;
    },
    async setWarehousePassword(source, password) {
      await send({ op: 'warehousePassword', source, password });
    },
    warehouseHasPassword: async (source) => ((await send({ op: 'warehouseHasPassword', source })) as { held: boolean }).held,
    loadWarehouse: async (source, config) => (await send({ op: 'warehouseLoad', source, config })) as WarehouseLoadReply,
    warehouseEvidence: async (source, drill, scope) => (await send({ op: 'warehouseEvidence', source, drill, scope })) as WarehouseEvidenceReply,
    async close() {
      closed = true;
    },
  };
  return engine;
}
