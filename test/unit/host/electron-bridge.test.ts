/**
 * The Electron HostBridge over a recording fake of the preload API: which IPC each bridge call
 * makes, that dropped files are read from the File itself (no IPC) and get their refs in order.
 */
import { describe, expect, it } from 'vitest';
import { createElectronBridge } from '../../../renderer/host/electron-bridge';
import type { HostFile } from '../../../renderer/host/bridge';
import { MAX_READ_CHUNK, type HostFileInfo, type MenuCommand, type WorkbenchApi } from '../../../src/host/ipc-contract';

function fakeApi() {
  const calls: string[] = [];
  const files = new Map<string, Uint8Array>([['/data/cur.csv', new TextEncoder().encode('a,b\n1,2\n')]]);
  const info = (ref: string): HostFileInfo => ({ name: ref.split('/').pop()!, size: files.get(ref)?.length ?? 0, lastModified: 1, ref });
  let menu: ((c: MenuCommand) => void) | null = null;
  let opened: ((f: HostFileInfo[]) => void) | null = null;
  const api: WorkbenchApi = {
    pickFiles: async () => (calls.push('pickFiles'), [info('/data/cur.csv')]),
    readFile: async (ref, offset, length) => {
      calls.push(`readFile ${ref} ${offset}`);
      const b = files.get(ref);
      if (!b) throw new Error('refused');
      return b.slice(offset, offset + length);
    },
    statFile: async (ref) => (calls.push(`statFile ${ref}`), files.has(ref) ? info(ref) : null),
    reopenFiles: async (refs) => (calls.push(`reopenFiles ${refs.join(',')}`), refs.map((r) => (files.has(r) ? info(r) : null))),
    filesDropped: async (fs) => (
      calls.push(`filesDropped ${fs.map((f) => f.name).join(',')}`),
      fs.map((f) => (f.name === 'b.csv' ? null : info(`/drop/${f.name}`)))
    ),
    startupFiles: async () => [],
    saveFile: async (r) => (calls.push(`saveFile ${r.suggestedName}`), { name: r.suggestedName, ref: `/out/${r.suggestedName}` }),
    saveWorkspace: async (r) => (calls.push(`saveWorkspace saveAs=${r.saveAs}`), null),
    openWorkspace: async () => null,
    lastWorkspace: async () => null,
    recentFiles: async () => [],
    getTheme: async () => 'dark',
    setTheme: async (p) => void calls.push(`setTheme ${p}`),
    onMenuCommand: (cb) => ((menu = cb), () => (menu = null)),
    onFilesOpened: (cb) => ((opened = cb), () => (opened = null)),
    onThemeChanged: () => () => undefined,
    connectEngine: async () => void calls.push('connectEngine'),
    storeWarehousePassword: async (s) => void calls.push(`storeWarehousePassword ${s}`),
    warehousePassword: async () => null,
    autosaveRead: async (name) => (calls.push(`autosaveRead ${name}`), null),
    autosaveWrite: async (name, text) => void calls.push(`autosaveWrite ${name} ${text}`),
    autosaveAppend: async (name, text) => void calls.push(`autosaveAppend ${name} ${text}`),
  };
  return { api, calls, files, sendMenu: (c: MenuCommand) => menu?.(c), sendOpened: (f: HostFileInfo[]) => opened?.(f), info };
}

function dropEvent(files: File[]): Event {
  const e = new Event('drop', { cancelable: true });
  Object.assign(e, { dataTransfer: { types: ['Files'], files } });
  return e;
}

describe('Electron HostBridge', () => {
  it('reads picked files over IPC only when their content is asked for', async () => {
    const { api, calls } = fakeApi();
    const bridge = createElectronBridge(api, new EventTarget() as unknown as Window);
    const [f] = await bridge.pickFiles();
    expect(calls).toEqual(['pickFiles']);
    expect([f!.name, f!.size, f!.ref]).toEqual(['cur.csv', 8, '/data/cur.csv']);
    expect(await f!.text()).toBe('a,b\n1,2\n');
    expect(await (await f!.blob()).text()).toBe('a,b\n1,2\n');
    expect(calls).toEqual(['pickFiles', 'readFile /data/cur.csv 0', 'readFile /data/cur.csv 0']);
  });

  it('reads a file larger than one IPC chunk in order, chunk by chunk', async () => {
    const { api, calls, files } = fakeApi();
    const big = new Uint8Array(2 * MAX_READ_CHUNK + 5);
    big[0] = 1; // markers at the start, across the first chunk boundary and at the very end
    big[MAX_READ_CHUNK + 7] = 2;
    big[big.length - 1] = 3;
    files.set('/data/big.csv', big);
    const bridge = createElectronBridge(api, new EventTarget() as unknown as Window);
    const f = await bridge.reopenFile('/data/big.csv');
    const bytes = await f!.bytes();
    expect(bytes.length).toBe(big.length);
    expect([bytes[0], bytes[MAX_READ_CHUNK + 7], bytes[big.length - 1], bytes[MAX_READ_CHUNK]]).toEqual([1, 2, 3, 0]);
    expect(calls.filter((c) => c.startsWith('readFile'))).toEqual([
      'readFile /data/big.csv 0',
      `readFile /data/big.csv ${MAX_READ_CHUNK}`,
      `readFile /data/big.csv ${2 * MAX_READ_CHUNK}`,
    ]);
  });

  it('delivers dropped files with main-assigned refs in order, read without IPC', async () => {
    const { api, calls } = fakeApi();
    const win = new EventTarget();
    const bridge = createElectronBridge(api, win as unknown as Window);
    const got = new Promise<HostFile[]>((ok) => bridge.onFilesOpened(ok));
    const drop = dropEvent([new File(['1'], 'a.csv'), new File(['22'], 'b.csv'), new File(['333'], 'c.csv')]);
    win.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    const files = await got;
    expect(files.map((f) => [f.name, f.ref])).toEqual([
      ['a.csv', '/drop/a.csv'],
      ['b.csv', null],
      ['c.csv', '/drop/c.csv'],
    ]);
    expect(await files[2]!.text()).toBe('333');
    expect(calls).toEqual(['filesDropped a.csv,b.csv,c.csv']);
  });

  it('reopens a ref only when main still allows it, and forwards menu, files and saves', async () => {
    const { api, calls, sendMenu, sendOpened, info } = fakeApi();
    const bridge = createElectronBridge(api, new EventTarget() as unknown as Window);
    expect(await bridge.reopenFile('/etc/passwd')).toBeNull();
    expect((await bridge.reopenFile('/data/cur.csv'))?.name).toBe('cur.csv');
    const cmds: MenuCommand[] = [];
    const off = bridge.onMenuCommand((c) => cmds.push(c));
    sendMenu('export');
    off();
    sendMenu('open-files');
    expect(cmds).toEqual(['export']);
    const opened = new Promise<HostFile[]>((ok) => bridge.onFilesOpened(ok));
    sendOpened([info('/data/cur.csv')]);
    expect((await opened)[0]!.ref).toBe('/data/cur.csv');
    await bridge.saveFile({ suggestedName: 'p.csv', data: 'x', mimeType: 'text/csv' });
    await bridge.saveWorkspace({ format: 'finops-workbench-workspace', version: 1, savedAt: '', files: [], state: null });
    await bridge.setTheme('light');
    expect(await bridge.getTheme()).toBe('dark');
    expect(calls.slice(2)).toEqual(['saveFile p.csv', 'saveWorkspace saveAs=false', 'setTheme light']);
  });

  it('autosaves through main: read, atomic write and append are one IPC each', async () => {
    const { api, calls } = fakeApi();
    const bridge = createElectronBridge(api, new EventTarget() as unknown as Window);
    expect(await bridge.autosave.read('review.json')).toBeNull();
    await bridge.autosave.writeAtomic('review.json', '{}');
    await bridge.autosave.append('review.audit.jsonl', 'x\n');
    expect(calls).toEqual(['autosaveRead review.json', 'autosaveWrite review.json {}', 'autosaveAppend review.audit.jsonl x\n']);
  });
});
