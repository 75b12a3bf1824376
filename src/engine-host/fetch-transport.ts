/**
 * The loopback engine channel from the page (fetch): `POST /engine/<op>` on the server that served
 * the app, the token in the Authorization header (node-loopback-channel.ts checks it with the
 * Origin). A body op sends its bytes (a picked File streams from disk) and describes itself in a header.
 */
import { BODY_OPS, ENGINE_PATH, type EngineErrorReply, type EngineRequest } from '../host/engine-channel';
import { channelError, type EngineTransport, type TransportBody } from './remote-engine';

export interface FetchTransportOptions {
  /** The server's origin, e.g. http://127.0.0.1:5180 (the page's own in the app). */
  base: string;
  token: string;
  /** Extra headers (Node tests set Origin, which a page cannot). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export function fetchTransport(o: FetchTransportOptions): EngineTransport {
  const doFetch = o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return {
    async send(req: EngineRequest, body?: TransportBody) {
      const hasBody = BODY_OPS.has(req.op);
      const headers: Record<string, string> = { ...o.headers, Authorization: `Bearer ${o.token}` };
      if (hasBody) headers['X-Engine-Request'] = encodeURIComponent(JSON.stringify(req));
      else headers['Content-Type'] = 'application/json';
      let res: Response;
      try {
        res = await doFetch(new URL(`${ENGINE_PATH}${req.op}`, o.base), {
          method: 'POST',
          headers,
          body: hasBody ? (body as BodyInit) : JSON.stringify(req),
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch (e) {
        throw new Error(`The native engine (the local server) is not reachable: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      if (!res.ok) throw channelError((await res.json().catch(() => ({ message: `HTTP ${res.status}`, user: false }))) as EngineErrorReply);
      return (res.headers.get('content-type') ?? '').includes('arrow') ? new Uint8Array(await res.arrayBuffer()) : res.json();
    },
  };
}
