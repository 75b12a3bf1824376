/**
 * The app:// scheme: maps app://workbench/<path> to files under dist/ and nothing else. Requests
 * for another host, encoded traversal ("..", "%2e%2e", backslashes, NUL) or paths that resolve
 * outside dist/ (including through symlinks) get 404, never a file.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './security.js';
import { SECURITY_HEADERS } from './csp.js';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.jsonl': 'application/jsonl',
  '.parquet': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

export function mimeTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a URL path names (still percent-encoded), or null when it would leave
 * root. `root` must be absolute. '/' maps to index.html. Shared with the loopback fallback server.
 */
export function resolveUnder(root: string, encodedPathname: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(encodedPathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[A-Za-z]:$/.test(s))) return null;
  const base = resolve(root);
  const file = segments.length === 0 ? join(base, 'index.html') : resolve(base, ...segments);
  return file.startsWith(base + sep) ? file : null;
}

/** The file under `root` that an app://workbench/ URL names, or null for other URLs or escapes. */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return resolveUnder(root, url.pathname);
}

export interface Asset {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Reads a resolved file for serving, with its type and the security headers; 404 when absent or outside root. */
export async function loadAsset(root: string, file: string | null): Promise<Asset> {
  const notFound: Asset = { status: 404, headers: { ...SECURITY_HEADERS }, body: new TextEncoder().encode('Not found') };
  if (!file) return notFound;
  try {
    // A symlink inside dist/ must not lead outside it either.
    // (Inside a packaged app.asar there are no symlinks and realpath may not apply.)
    const [real, realRoot] = await Promise.all([realpath(file).catch(() => file), realpath(root).catch(() => root)]);
    if (!real.startsWith(realRoot + sep)) return notFound;
    const body = new Uint8Array(await readFile(real));
    return {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': mimeTypeFor(real), 'Cache-Control': 'no-cache' },
      body,
    };
  } catch {
    return notFound;
  }
}

/** Serves one app:// request (protocol.handle). */
export async function serveAppRequest(root: string, requestUrl: string): Promise<Response> {
  const a = await loadAsset(root, resolveAppPath(root, requestUrl));
  return new Response(a.body as Uint8Array<ArrayBuffer>, { status: a.status, headers: a.headers });
}
