/** The UI tests' static server on loopback: traversal, bad escapes and symlinks never leave the mount. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../ui/static-server';

let dir: string;
let server: { url: string; close: () => Promise<void> };

/** Sends the path exactly as written (fetch would normalise `..` and escapes away). */
function get(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'static-'));
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  mkdirSync(join(dir, 'dist-electron'));
  mkdirSync(join(dir, 'contract'));
  writeFileSync(join(dir, 'dist', 'index.html'), '<p>app</p>');
  writeFileSync(join(dir, 'dist', 'assets', 'a.js'), 'ok()');
  writeFileSync(join(dir, 'dist-electron', 'main.js'), 'SECRET');
  writeFileSync(join(dir, 'contract', 'index.html'), '<p>contract</p>');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'dist', 'link.txt'));
  symlinkSync(join(dir, 'dist-electron'), join(dir, 'dist', 'linked-dir'));
  server = await serveStatic({ '/': join(dir, 'dist'), '/contract/': join(dir, 'contract') });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('UI static server', () => {
  it('serves the mounts', async () => {
    expect(await get('/')).toEqual({ status: 200, body: '<p>app</p>' });
    expect(await get('/assets/a.js')).toEqual({ status: 200, body: 'ok()' });
    expect(await get('/contract/')).toEqual({ status: 200, body: '<p>contract</p>' });
  });

  it.each([
    '/..%2fdist-electron/main.js',
    '/%2e%2e/dist-electron/main.js',
    '/../dist-electron/main.js',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
  ])('refuses %s, which leaves the mount', async (path) => {
    const r = await get(path);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body).not.toContain('SECRET');
  });

  it('answers a malformed escape with 400 and keeps serving', async () => {
    expect((await get('/%')).status).toBe(400);
    expect((await get('/assets/%E0%A4%A')).status).toBe(400);
    expect((await get('/assets/a.js')).status).toBe(200);
  });

  it('refuses symlinks whose target is outside the mount', async () => {
    expect(await get('/link.txt')).toMatchObject({ status: 403 });
    expect(await get('/linked-dir/main.js')).toMatchObject({ status: 403 });
  });
});
