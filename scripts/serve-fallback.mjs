#!/usr/bin/env node
/**
 * The `npm start` browser fallback's server (scripts/start.mjs imports it; the native-engine UI
 * test runs it): serves dist/ on 127.0.0.1 with the app:// protocol's path rules and headers, and
 * the native engine on the same origin over the authenticated loopback channel
 * (src/engine-host/node-loopback-channel.ts). The page gets the channel's token inside its
 * index.html; only files named on the command line are granted as local paths (PathGuard, as in
 * the desktop app); files picked in the page are sent as bytes.
 * Run alone: node scripts/serve-fallback.mjs [--port N] [files…] (prints the URL).
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** Starts the server; resolves with its URL and a stop function. */
export async function serveFallback({ port = 5180, files = [], dist = join(repo, 'dist') } = {}) {
  register();
  const { resolveUnder, loadAsset } = await import('../electron/app-protocol.ts');
  const { PathGuard } = await import('../electron/path-guard.ts');
  const { startNativeService } = await import('../src/engine-host/node-engine-service.ts');
  const { createLoopbackChannel, htmlWithToken, newChannelToken } = await import('../src/engine-host/node-loopback-channel.ts');
  const guard = new PathGuard();
  for (const f of files) await guard.grant(f);
  const service = await startNativeService(guard);
  const token = newChannelToken();
  let origin = '';
  const channel = createLoopbackChannel(service, token, () => origin);
  const server = createServer(async (req, res) => {
    try {
      if (await channel(req, res)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
      const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const asset = await loadAsset(dist, resolveUnder(dist, pathname));
      let body = asset.body;
      const headers = { ...asset.headers };
      if (asset.status === 200 && String(headers['Content-Type'] ?? '').startsWith('text/html')) {
        // Only a page of this server's own host gets the token (no DNS rebinding onto 127.0.0.1).
        if (req.headers.host !== new URL(origin).host) return void res.writeHead(421).end();
        body = Buffer.from(htmlWithToken(Buffer.from(body).toString('utf8'), token));
        headers['Cache-Control'] = 'no-store';
      }
      res.writeHead(asset.status, { ...headers, 'Content-Length': body.byteLength });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', (e) => {
      if (e.code !== 'EADDRINUSE') return fail(e);
      server.listen(0, '127.0.0.1', ok); // requested port taken: any free one
    });
    server.listen(port, '127.0.0.1', ok);
  });
  origin = `http://127.0.0.1:${server.address().port}`;
  const stop = async () => {
    server.closeAllConnections?.();
    await new Promise((ok) => server.close(ok));
    await service.close();
  };
  return { url: `${origin}/`, stop };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--port');
  const port = at >= 0 ? Number(args[at + 1]) : 5180;
  const files = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
  const { url, stop } = await serveFallback({ port, files });
  console.log(`serving the app with the native engine at ${url}`);
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => void stop().finally(() => process.exit(0)));
}
