/**
 * The browser HostBridge in real Chromium: file chooser, downloads, drag-and-drop, localStorage
 * workspaces, theme and the menu shortcuts. The bridge is bundled with esbuild and served from a
 * loopback origin (localStorage needs one).
 */
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH } from '../../ui/chromium';

let server: Server;
let origin: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: `import { createBrowserBridge } from './renderer/host/browser-bridge';
        import { makeWorkspace } from './renderer/host/bridge';
        window.bridge = createBrowserBridge(); window.makeWorkspace = makeWorkspace;
        window.events = [];
        window.bridge.onFilesOpened((fs) => Promise.all(fs.map(async (f) => ({ name: f.name, size: f.size, ref: f.ref, text: await f.text() })))
          .then((files) => window.events.push({ kind: 'files', files })));
        window.bridge.onMenuCommand((cmd) => window.events.push({ kind: 'menu', cmd }));`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.text;
  server = createServer((req, res) => {
    if (req.url === '/bridge.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><body><script src="/bridge.js"></script></body>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

beforeEach(async () => {
  // One page for all tests (a fresh context per test costs seconds on a busy CI box): start
  // each test from an empty localStorage and a freshly loaded bridge.
  page ??= await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(origin);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForFunction(() => 'bridge' in window);
});

describe('browser HostBridge', () => {
  it('picks files through a file input and reads them as text, bytes and a Blob', async () => {
    const chooser = page.waitForEvent('filechooser');
    const picked = page.evaluate(async () => {
      const files = await window.bridge.pickFiles({ filters: [{ name: 'CSV', extensions: ['csv'] }] });
      return Promise.all(
        files.map(async (f) => ({
          name: f.name,
          size: f.size,
          ref: f.ref,
          text: await f.text(),
          bytes: (await f.bytes()).length,
          blob: (await f.blob()).size,
        })),
      );
    });
    const fc = await chooser;
    expect(fc.isMultiple()).toBe(true);
    expect(await fc.element().getAttribute('accept')).toBe('.csv');
    await fc.setFiles([{ name: 'cur.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') }]);
    expect(await picked).toEqual([{ name: 'cur.csv', size: 8, ref: null, text: 'a,b\n1,2\n', bytes: 8, blob: 8 }]);
    expect(await page.evaluate(() => window.bridge.recentFiles().then((r) => r.map((x) => x.name)))).toEqual(['cur.csv']);
    expect(await page.locator('input[type=file]').count()).toBe(0);
  });

  it('delivers files dropped on the window', async () => {
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x,y\n'], 'usage.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    });
    await page.waitForFunction(() => window.events.length > 0);
    expect(await page.evaluate(() => window.events)).toEqual([{ kind: 'files', files: [{ name: 'usage.csv', size: 4, ref: null, text: 'x,y\n' }] }]);
  });

  it('saves exports as downloads with the suggested name', async () => {
    const download = page.waitForEvent('download');
    const result = await page.evaluate(() => window.bridge.saveFile({ suggestedName: 'proposals.csv', data: 'id,amount\n1,2.50\n' }));
    const d = await download;
    expect(result).toEqual({ name: 'proposals.csv', ref: null });
    expect(d.suggestedFilename()).toBe('proposals.csv');
    const stream = await d.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('id,amount\n1,2.50\n');
  });

  it('keeps the workspace in localStorage, downloads it on Save As and rejects foreign JSON', async () => {
    expect(await page.evaluate(() => window.bridge.lastWorkspace())).toBeNull();
    // (Passed as JSON text: the recursive JsonValue type is too deep for Playwright's arg typing.)
    const ws = await page.evaluate(() => JSON.stringify(window.makeWorkspace([{ name: 'cur.csv', ref: null }], { filters: { sku: 'vm' } })));
    await page.evaluate((w) => window.bridge.saveWorkspace(JSON.parse(w)), ws);
    await page.reload();
    expect(await page.evaluate(() => window.bridge.lastWorkspace().then((w) => JSON.stringify(w)))).toBe(ws);
    const download = page.waitForEvent('download');
    await page.evaluate((w) => window.bridge.saveWorkspace(JSON.parse(w), { saveAs: true }), ws);
    expect((await download).suggestedFilename()).toBe('workspace.finops.json');

    const chooser = page.waitForEvent('filechooser');
    const opened = page.evaluate(() => window.bridge.openWorkspace().catch((e: Error) => e.message));
    await (await chooser).setFiles([{ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') }]);
    expect(await opened).toMatch(/Not a readable FinOps Workbench workspace/);
  });

  it('turns the desktop menu shortcuts into menu commands and remembers the theme', async () => {
    await page.keyboard.press('Control+o');
    await page.keyboard.press('Control+Shift+S');
    await page.keyboard.press('Control+e');
    expect(await page.evaluate(() => window.events.map((e) => e.cmd))).toEqual(['open-files', 'save-workspace-as', 'export']);
    expect(await page.evaluate(() => window.bridge.getTheme())).toBe('system');
    await page.evaluate(() => window.bridge.setTheme('dark'));
    await page.reload();
    expect(await page.evaluate(() => window.bridge.getTheme())).toBe('dark');
  });
});

declare global {
  interface Window {
    bridge: import('../../../renderer/host/bridge').HostBridge;
    makeWorkspace: typeof import('../../../renderer/host/bridge').makeWorkspace;
    events: { kind: string; cmd?: string; files?: unknown[] }[];
  }
}
