import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppPath, serveAppRequest } from './app-protocol.js';
import { CSP } from './csp.js';

let root: string;
let dist: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'proto-'));
  dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dist, 'assets', 'duckdb-eh.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(root, 'secret.txt'), 'outside dist');
  symlinkSync(join(root, 'secret.txt'), join(dist, 'assets', 'leak.txt'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// path resolution', () => {
  it('maps app://workbench/<path> into dist/ and / to index.html', () => {
    expect(resolveAppPath(dist, 'app://workbench/')).toBe(join(dist, 'index.html'));
    expect(resolveAppPath(dist, 'app://workbench/index.html')).toBe(join(dist, 'index.html'));
    expect(resolveAppPath(dist, 'app://workbench/assets/duckdb-eh.wasm?v=1#x')).toBe(join(dist, 'assets', 'duckdb-eh.wasm'));
    expect(resolveAppPath(dist, 'app://workbench/assets/a%20b.js')).toBe(join(dist, 'assets', 'a b.js'));
  });

  it('never resolves outside dist/', () => {
    const escapes = [
      'app://workbench/../secret.txt',
      'app://workbench/assets/../../secret.txt',
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      'app://workbench/..%2fsecret.txt',
      'app://workbench/..%5csecret.txt',
      'app://workbench/assets/%00.wasm',
      'app://workbench/C:/Windows/win.ini',
      'app://workbench/%E0%A4%A', // malformed escape
    ];
    for (const url of escapes) {
      const r = resolveAppPath(dist, url);
      // The URL parser itself folds a literal /../ into the root: still inside dist/.
      if (r !== null) expect(r.startsWith(dist + '/'), `${url} -> ${r}`).toBe(true);
      expect(r, url).not.toBe(join(root, 'secret.txt'));
    }
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppPath(dist, 'app://evil/index.html')).toBeNull();
    expect(resolveAppPath(dist, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppPath(dist, 'https://workbench/index.html')).toBeNull();
    expect(resolveAppPath(dist, 'not a url')).toBeNull();
  });

  it('serves files with their type and the CSP, and 404s escapes, symlinks out and missing files', async () => {
    const html = await serveAppRequest(dist, 'app://workbench/');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toBe(CSP);
    const wasm = await serveAppRequest(dist, 'app://workbench/assets/duckdb-eh.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    for (const url of [
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/assets/leak.txt',
      'app://workbench/missing.js',
      'app://workbench/assets',
    ]) {
      const r = await serveAppRequest(dist, url);
      expect(r.status, url).toBe(404);
      expect(await r.text()).not.toContain('outside dist');
    }
  });
});
