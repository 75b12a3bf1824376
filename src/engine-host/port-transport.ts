/**
 * The engine channel from the page over a MessagePort (Electron: the port main handed over,
 * paired with node-port-server.ts in the utility process). Requests are matched to replies by id;
 * bodies are sent as transferred bytes.
 */
import type { EngineRequest } from '../host/engine-channel';
import type { PortReply } from '../host/engine-port';
import { channelError, type EngineTransport, type TransportBody } from './remote-engine';

export interface ClientPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  start?(): void;
}

export function portTransport(port: ClientPort): EngineTransport {
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  port.addEventListener('message', ({ data }) => {
    const r = data as PortReply;
    const p = pending.get(r?.id);
    if (!p) return;
    pending.delete(r.id);
    if (r.ok) p.resolve(r.arrow ?? r.json);
    else p.reject(channelError(r.error));
  });
  port.start?.();
  return {
    async send(req: EngineRequest, body?: TransportBody) {
      const bytes = body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : body;
      // Moved, not copied, when nobody else holds them: a read Blob, or Arrow IPC (insertArrowIPC consumes its buffer).
      const transfer = bytes && (body instanceof Blob || req.op === 'insertArrow') ? [bytes.buffer as ArrayBuffer] : [];
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        port.postMessage({ id, req, body: bytes }, transfer);
      });
    },
  };
}
