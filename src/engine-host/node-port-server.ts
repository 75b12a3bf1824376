/**
 * The engine service on a MessagePort (node-utility-entry.ts in Electron's utility process; the
 * tests pair it with port-transport.ts over worker_threads' MessageChannel): each request is
 * checked (parseEngineRequest) and answered by id; Arrow results are transferred, not copied.
 */
import { realpath } from 'node:fs/promises';
import { parseEngineRequest } from '../host/engine-channel';
import { isPortRequest, type PortReply } from '../host/engine-port';
import { ChannelRefusal, errorReply, type EngineService, type PathGrants } from './node-engine-service';

/** The shape of Electron's MessagePortMain (an adapter gives it to worker_threads' MessagePort). */
export interface ServerPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  start?(): void;
}

export function servePort(port: ServerPort, service: EngineService): void {
  port.on('message', ({ data }) => {
    if (!isPortRequest(data)) return;
    const { id } = data;
    const reply = async (): Promise<PortReply> => {
      try {
        const req = parseEngineRequest(data.req);
        if (!req) throw new ChannelRefusal('request', 'Not an engine request');
        const body = data.body instanceof Uint8Array ? data.body : undefined;
        const r = await service.handle(req, body);
        return 'arrow' in r ? { id, ok: true, arrow: r.arrow } : { id, ok: true, json: r.json };
      } catch (e) {
        return { id, ok: false, error: errorReply(e).body };
      }
    };
    void reply().then((r) => port.postMessage(r, r.ok && r.arrow ? [r.arrow.buffer as ArrayBuffer] : []));
  });
  port.start?.();
}

/** Paths main granted (its PathGuard, from the user's dialogs), compared by their real path. */
export class GrantedPaths implements PathGrants {
  private readonly granted = new Set<string>();

  async add(path: string): Promise<void> {
    this.granted.add(await realpath(path));
  }

  async check(path: string): Promise<string> {
    const real = await realpath(path).catch(() => path);
    if (!this.granted.has(real)) throw new Error(`File ${path.split(/[\\/]/).pop()} cannot be opened: it was not opened by the user`);
    return real;
  }
}
