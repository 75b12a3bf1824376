/** A tiny static file server on 127.0.0.1 for the built renderer (no dependencies, no network). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { mimeTypeFor, resolveUnder } from '../../electron/app-protocol';

type Mount = [prefix: string, root: string];

/**
 * The real file a request names, or the status to answer: 400 for a path that is not valid
 * percent-encoding (`/%`), 403 for one that leaves its mount (`/..%2fdist-electron/…`, or a
 * symlink whose target is outside the mount's real root), 404 when absent.
 */
async function fileFor(mounts: readonly Mount[], url: string): Promise<string | 400 | 403 | 404> {
  const encoded = new URL(url, 'http://x').pathname;
  const mount = mounts.find(([prefix]) => encoded.startsWith(prefix));
  if (!mount) return 404;
  try {
    decodeURIComponent(encoded);
  } catch {
    return 400;
  }
  // The app:// protocol's rules: segments decoded one by one, `..`, `\` and drive letters refused,
  // and the result must be the root itself or below root + separator.
  const file = resolveUnder(mount[1], `/${encoded.slice(mount[0].length)}`);
  if (!file) return 403;
  try {
    const realRoot = await realpath(mount[1]);
    let real = await realpath(file);
    if ((await stat(real)).isDirectory()) real = await realpath(join(real, 'index.html'));
    return real.startsWith(realRoot + sep) ? real : 403;
  } catch {
    return 404;
  }
}

/** mounts: URL prefix ('/' or '/contract/') -> directory. Returns the base URL and a closer. */
export async function serveStatic(mounts: Record<string, string>): Promise<{ url: string; close: () => Promise<void> }> {
  const entries: Mount[] = Object.entries(mounts)
    .map(([prefix, dir]): Mount => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const file = await fileFor(entries, req.url ?? '/');
    if (typeof file === 'number') return void res.writeHead(file).end();
    const { size } = await stat(file);
    res.writeHead(200, { 'content-type': mimeTypeFor(file), 'content-length': size, 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  };
  // A failing request is answered (or its socket closed); it never takes the server down.
  const server: Server = createServer((req, res) => void handle(req, res).catch(() => (res.headersSent ? res.destroy() : res.writeHead(500).end())));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
