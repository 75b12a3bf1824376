/**
 * The preload as the sandbox runs it: bundled to one CommonJS file (as scripts/build-electron.mjs
 * does), evaluated with only `require('electron')` available. It must need nothing else, expose
 * exactly the WorkbenchApi as `workbench`, and map each function to its contract channel.
 */
import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { ENGINE_PORT_CHANNEL } from '../src/host/engine-port.js';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type WorkbenchApi } from '../src/host/ipc-contract.js';

let api: WorkbenchApi;
let exposedAs: string;
const required: string[] = [];
const invoked: [string, unknown[]][] = [];
const listeners = new Map<string, (event: unknown, payload: unknown) => void>();

beforeAll(async () => {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./preload.ts', import.meta.url))],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, value: WorkbenchApi) => {
        exposedAs = key;
        api = value;
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push([channel, args]);
        return channel === 'files:dropped' ? (args[0] as string[]).map((p) => ({ ref: p })) : null;
      },
      on: (channel: string, fn: (e: unknown, p: unknown) => void) => void listeners.set(channel, fn),
      removeListener: (channel: string) => void listeners.delete(channel),
    },
    webUtils: { getPathForFile: (f: { name: string }) => (f.name === 'memory.csv' ? '' : `/home/ana/${f.name}`) },
  };
  const require = (id: string) => {
    required.push(id);
    if (id !== 'electron') throw new Error(`sandboxed preload cannot load ${id}`);
    return electron;
  };
  runInNewContext(out.outputFiles[0]!.text, { require, module: { exports: {} }, exports: {} });
});

describe('preload bundle', () => {
  it('needs only electron and exposes the WorkbenchApi as window.workbench', () => {
    expect(required).toEqual(['electron']);
    expect(exposedAs).toBe('workbench');
    expect(Object.keys(api).sort()).toEqual(
      [
        'pickFiles',
        'readFile',
        'statFile',
        'reopenFiles',
        'filesDropped',
        'startupFiles',
        'saveFile',
        'saveWorkspace',
        'openWorkspace',
        'lastWorkspace',
        'recentFiles',
        'getTheme',
        'setTheme',
        'onMenuCommand',
        'onFilesOpened',
        'onThemeChanged',
        'autosaveRead',
        'autosaveWrite',
        'autosaveAppend',
        'connectEngine',
        'storeWarehousePassword',
        'warehousePassword',
      ].sort(),
    );
  });

  it('maps every call to a contract channel and passes arguments unchanged', async () => {
    await api.pickFiles({ multiple: false });
    await api.readFile('/d/a.csv', 0, 10);
    await api.statFile('/d/a.csv');
    await api.reopenFiles(['/d/a.csv']);
    await api.startupFiles();
    await api.saveFile({ suggestedName: 'p.csv', data: 'x' });
    await api.saveWorkspace({ workspace: { format: 'finops-workbench-workspace', version: 1, savedAt: '', files: [], state: null }, saveAs: true });
    await api.openWorkspace();
    await api.lastWorkspace();
    await api.recentFiles();
    await api.getTheme();
    await api.setTheme('dark');
    await api.autosaveRead('review.json');
    await api.autosaveWrite('review.json', '{}');
    await api.autosaveAppend('review.audit.jsonl', 'x\n');
    await api.connectEngine();
    await api.storeWarehousePassword('chdb:///d?database=b', null);
    await api.warehousePassword('chdb:///d?database=b');
    await api.filesDropped([{ name: 'a.csv' }, { name: 'memory.csv' }] as File[]);
    expect(new Set(invoked.map(([c]) => c))).toEqual(new Set(INVOKE_CHANNELS));
    expect(invoked[1]).toEqual(['files:read', ['/d/a.csv', 0, 10]]);
    expect(invoked.at(-1)).toEqual(['files:dropped', [['/home/ana/a.csv']]]);
  });

  it('aligns dropped-file results with the files, null where there is no path', async () => {
    expect(await api.filesDropped([{ name: 'memory.csv' }, { name: 'b.csv' }] as File[])).toEqual([null, { ref: '/home/ana/b.csv' }]);
  });

  it('subscribes to events without handing the renderer the IPC event, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api.onMenuCommand((c) => got.push(c));
    api.onFilesOpened(() => undefined);
    api.onThemeChanged(() => undefined);
    // Besides the API's events, the preload itself listens for the native engine's port (engine-process.ts).
    expect([...listeners.keys()].sort()).toEqual([...EVENT_CHANNELS, ENGINE_PORT_CHANNEL].sort());
    listeners.get('menu:command')!({ sender: 'secret' }, 'export');
    expect(got).toEqual(['export']);
    off();
    expect(listeners.has('menu:command')).toBe(false);
  });
});
