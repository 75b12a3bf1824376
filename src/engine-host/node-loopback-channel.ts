/**
 * The engine channel over loopback HTTP, for the `npm start` browser fallback: `POST /engine/<op>`
 * on the server that serves the app, answered only when the request carries the channel's token
 * (a random 256-bit value, handed to the page in its HTML, never in a URL), comes from the app's
 * own origin (Origin header) and names this server as its Host (no DNS rebinding onto 127.0.0.1).
 * Small requests are JSON; a body op (upload, insertArrow) streams its bytes with the request
 * described in the X-Engine-Request header; query replies are Arrow IPC.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BODY_OPS, ENGINE_PATH, ENGINE_TOKEN_META, parseEngineRequest, type EngineRequest } from '../host/engine-channel';
import { ChannelRefusal, errorReply, type EngineService } from './node-engine-service';

/** Header describing a body op's request (URL-encoded JSON), the body being the bytes. */
export const REQUEST_HEADER = 'x-engine-request';
const MAX_JSON = 8 * 2 ** 20;

export function newChannelToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The app's index.html with the token for its channel (a <meta> the page reads at start). */
export function htmlWithToken(html: string, token: string): string {
  return html.replace('<head>', `<head>\n    <meta name="${ENGINE_TOKEN_META}" content="${token}" />`);
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws a ChannelRefusal unless the request is the page's own. */
export function checkCaller(req: IncomingMessage, token: string, origin: string): void {
  const host = new URL(origin).host;
  if (req.headers.host !== host) throw new ChannelRefusal('host', `The engine channel answers requests for ${host} only`);
  if (req.headers.origin !== origin) throw new ChannelRefusal('origin', 'The engine channel answers the app only (another origin asked)');
  const auth = req.headers.authorization ?? '';
  if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), token))
    throw new ChannelRefusal('token', 'The engine channel refused a request without its token');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const p of req as AsyncIterable<Buffer>) {
    size += p.length;
    if (size > MAX_JSON) throw new ChannelRefusal('request', 'The engine request is too large');
    parts.push(p);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    throw new ChannelRefusal('request', 'The engine request is not JSON');
  }
}

async function readRequest(req: IncomingMessage, op: string): Promise<EngineRequest> {
  let value: unknown;
  if (BODY_OPS.has(op as EngineRequest['op'])) {
    try {
      value = JSON.parse(decodeURIComponent(String(req.headers[REQUEST_HEADER] ?? '')));
    } catch {
      throw new ChannelRefusal('request', `The engine request ${op} has no description`);
    }
  } else value = await readJson(req);
  const parsed = parseEngineRequest(value);
  if (!parsed || parsed.op !== op) throw new ChannelRefusal('request', `Not an engine request: ${op}`);
  return parsed;
}

function send(res: ServerResponse, status: number, type: string, body: Uint8Array | string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Handles `POST /engine/<op>`; returns false for any other URL (the caller serves the app).
 * `origin` is the app's, e.g. http://127.0.0.1:5180.
 */
export function createLoopbackChannel(service: EngineService, token: string, origin: () => string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(ENGINE_PATH)) return false;
    try {
      if (req.method !== 'POST') throw new ChannelRefusal('request', 'The engine channel takes POST requests only');
      checkCaller(req, token, origin());
      const request = await readRequest(req, url.pathname.slice(ENGINE_PATH.length));
      const reply = await service.handle(request, BODY_OPS.has(request.op) ? (req as AsyncIterable<Uint8Array>) : undefined);
      if ('arrow' in reply) send(res, 200, 'application/vnd.apache.arrow.stream', reply.arrow);
      else send(res, 200, 'application/json', JSON.stringify(reply.json));
    } catch (e) {
      const { status, body } = errorReply(e);
      // The request body is not read when refused early: drop the connection after replying.
      res.setHeader('Connection', 'close');
      send(res, status, 'application/json', JSON.stringify(body));
    }
    return true;
  };
}
