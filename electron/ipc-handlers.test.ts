import type { IpcMainInvokeEvent } from 'electron';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type ThemePreference } from '../src/host/ipc-contract.js';
import { registerIpcHandlers, type Dialogs, type IpcMainLike } from './ipc-handlers.js';
import { PathGuard } from './path-guard.js';
import { SettingsStore } from './settings.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

const WINDOW_ID = 7;
let dir: string;
let listeners: Map<string, Listener>;
let dialogCalls: string[];
let nextPick: string[];
let nextSave: string | null;
let applied: ThemePreference[];
let engineConnects: number[];

function event(opts: { id?: number; url?: string | null; subframe?: boolean } = {}): IpcMainInvokeEvent {
  const url = opts.url === undefined ? 'app://workbench/index.html' : opts.url;
  const frame = url === null ? null : { url, parent: opts.subframe ? {} : null };
  return { sender: { id: opts.id ?? WINDOW_ID }, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

const call = (channel: string, ev: IpcMainInvokeEvent, ...args: unknown[]) => {
  const fn = listeners.get(channel);
  if (!fn) throw new Error(`no handler for ${channel}`);
  return Promise.resolve().then(() => fn(ev, ...args));
};
const invoke = (channel: string, ...args: unknown[]) => call(channel, event(), ...args);

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'ipc-')));
  writeFileSync(join(dir, 'cur.csv'), 'a,b\n1,2\n');
  writeFileSync(join(dir, 'usage.csv'), 'u\n');
  writeFileSync(join(dir, 'passwords.kdbx'), 'secret');
  mkdirSync(join(dir, 'ssh'));
  writeFileSync(join(dir, 'ssh', 'id_rsa'), 'KEY');
  symlinkSync(join(dir, 'ssh', 'id_rsa'), join(dir, 'innocent.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  listeners = new Map();
  dialogCalls = [];
  nextPick = [];
  nextSave = null;
  applied = [];
  engineConnects = [];
  const ipc: IpcMainLike = { handle: (channel, fn) => void listeners.set(channel, fn) };
  const dialogs: Dialogs = {
    openFiles: async () => (dialogCalls.push('openFiles'), nextPick),
    saveFile: async () => (dialogCalls.push('saveFile'), nextSave),
    openWorkspace: async () => (dialogCalls.push('openWorkspace'), nextPick[0] ?? null),
    saveWorkspace: async () => (dialogCalls.push('saveWorkspace'), nextSave),
  };
  const settings = new SettingsStore(join(dir, `settings-${Math.random()}.json`));
  await settings.load();
  registerIpcHandlers(ipc, {
    guard: new PathGuard(),
    settings,
    dialogs,
    startupPaths: () => [],
    trustedWebContents: new Set([WINDOW_ID]),
    applyTheme: (p) => void applied.push(p),
    recentChanged: () => undefined,
    autosaveDir: join(dir, 'autosave'),
    connectEngine: () => void engineConnects.push(1),
    keychain,
  });
});

/** A stand-in for safeStorage: reversible, and never the clear text on disk. */
let keychainAvailable = true;
const keychain = {
  isEncryptionAvailable: () => keychainAvailable,
  encryptString: (t: string) => Buffer.from([...Buffer.from(t, 'utf8')].map((b) => b ^ 0x5a)),
  decryptString: (d: Buffer) => Buffer.from([...d].map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('IPC handlers: autosave files', () => {
  it('reads null before anything is saved, then replaces and appends inside the autosave folder', async () => {
    await expect(invoke('autosave:read', 'review.json')).resolves.toBeNull();
    await invoke('autosave:write', 'review.json', '{"v":1}');
    await invoke('autosave:write', 'review.json', '{"v":2}');
    await invoke('autosave:append', 'review.audit.jsonl', 'a\n');
    await invoke('autosave:append', 'review.audit.jsonl', 'b\n');
    expect(readFileSync(join(dir, 'autosave', 'review.json'), 'utf8')).toBe('{"v":2}');
    await expect(invoke('autosave:read', 'review.audit.jsonl')).resolves.toBe('a\nb\n');
  });

  it.each(['../settings.json', 'a/b.json', '/etc/passwd', 'review.txt', '.hidden.json', ''])('refuses the name %j', async (name) => {
    await expect(invoke('autosave:write', name, 'x')).rejects.toThrow(/IPC autosave:write/);
    await expect(invoke('autosave:read', name)).rejects.toThrow(/IPC autosave:read/);
  });
});

describe('IPC handlers: warehouse passwords in the keychain', () => {
  const SOURCE = 'clickhouse://finops@ch.example.com:8443/billing';
  const SECRET = 'pw-Never-In-Clear-42';

  it('stores a password encrypted by the keychain, reads it back, and forgets it', async () => {
    keychainAvailable = true;
    await expect(invoke('warehouse:password', SOURCE)).resolves.toBeNull();
    await invoke('warehouse:storePassword', SOURCE, SECRET);
    const onDisk = readFileSync(join(dir, 'autosave', 'warehouse-secrets.json'), 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).toContain(SOURCE);
    await expect(invoke('warehouse:password', SOURCE)).resolves.toBe(SECRET);
    await expect(invoke('warehouse:password', 'chdb:///data?database=billing')).resolves.toBeNull();
    await invoke('warehouse:storePassword', SOURCE, null);
    await expect(invoke('warehouse:password', SOURCE)).resolves.toBeNull();
  });

  it('refuses to store without the keychain (never in the clear)', async () => {
    keychainAvailable = false;
    try {
      await expect(invoke('warehouse:storePassword', SOURCE, SECRET)).rejects.toThrow(/keychain is not available/);
      const onDisk = (() => {
        try {
          return readFileSync(join(dir, 'autosave', 'warehouse-secrets.json'), 'utf8');
        } catch {
          return '';
        }
      })();
      expect(onDisk).not.toContain(SECRET);
    } finally {
      keychainAvailable = true;
    }
  });

  it('answers only our window, and only for a source name', async () => {
    await expect(call('warehouse:password', event({ id: 99 }), SOURCE)).rejects.toThrow(/refused/);
    await expect(call('warehouse:storePassword', event({ url: 'https://evil.example/' }), SOURCE, SECRET)).rejects.toThrow(/refused/);
    for (const bad of ['../secrets', 'https://x/', '', 'clickhouse://user:pw@h:1/db'])
      await expect(invoke('warehouse:password', bad)).rejects.toThrow(/IPC warehouse:password/);
    await expect(invoke('warehouse:storePassword', SOURCE, 42)).rejects.toThrow(/IPC warehouse:storePassword/);
  });
});

describe('IPC handlers: the native engine', () => {
  it('pairs the page with the engine only when it asks, and only for our window', async () => {
    expect(engineConnects).toEqual([]);
    await invoke('engine:connect');
    expect(engineConnects).toEqual([1]);
    await expect(call('engine:connect', event({ id: 99 }))).rejects.toThrow(/refused/);
    await expect(invoke('engine:connect', 'extra')).rejects.toThrow(/IPC engine:connect/);
    expect(engineConnects).toEqual([1]);
  });
});

describe('IPC handlers: sender validation', () => {
  it('answers our window main frame on app://workbench', async () => {
    await expect(call('theme:get', event())).resolves.toBe('system');
  });

  it.each([
    ['an unknown window', { id: 99 }],
    ['a sub-frame', { subframe: true }],
    ['a file:// page', { url: 'file:///home/ana/evil.html' }],
    ['a remote page', { url: 'https://evil.example/' }],
    ['another app:// host', { url: 'app://evil/index.html' }],
    ['a destroyed frame', { url: null }],
  ])('refuses %s before doing anything', async (_what, opts) => {
    await expect(call('files:pick', event(opts), {})).rejects.toThrow(/refused/);
    await expect(call('theme:set', event(opts), 'dark')).rejects.toThrow(/refused/);
    expect(dialogCalls).toEqual([]);
    expect(applied).toEqual([]);
  });
});

describe('IPC handlers: argument validation', () => {
  it('rejects bad arguments before the handler runs', async () => {
    await expect(invoke('files:pick', { defaultPath: '/etc' })).rejects.toThrow(/no such field/);
    await expect(invoke('files:save', { suggestedName: '../../.bashrc', data: 'x' })).rejects.toThrow(/files:save/);
    await expect(invoke('theme:set', 'neon')).rejects.toThrow(/theme:set/);
    await expect(invoke('files:read', 'relative.csv', 0, 10)).rejects.toThrow(/absolute path/);
    expect(dialogCalls).toEqual([]);
    expect(applied).toEqual([]);
  });

  it('registers a guarded handler for every channel of the contract', async () => {
    const { INVOKE_CHANNELS } = await import('../src/host/ipc-contract.js');
    expect([...listeners.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });
});

describe('IPC handlers: file access goes through the path guard', () => {
  it('reads a file only after the user picked it', async () => {
    const cur = join(dir, 'cur.csv');
    await expect(invoke('files:read', cur, 0, 1024)).rejects.toThrow(/not opened by the user/);
    nextPick = [cur];
    const [info] = (await invoke('files:pick', {})) as { ref: string; size: number; name: string }[];
    expect(info).toMatchObject({ name: 'cur.csv', size: 8, ref: cur });
    expect(new TextDecoder().decode((await invoke('files:read', cur, 0, 1024)) as Uint8Array)).toBe('a,b\n1,2\n');
    // Chunked: a window in the middle, a short read at the end, nothing past it.
    expect(new TextDecoder().decode((await invoke('files:read', cur, 2, 3)) as Uint8Array)).toBe('b\n1');
    expect(new TextDecoder().decode((await invoke('files:read', cur, 6, 100)) as Uint8Array)).toBe('2\n');
    expect(((await invoke('files:read', cur, 100, 10)) as Uint8Array).length).toBe(0);
    await expect(invoke('files:read', cur, -1, 10)).rejects.toThrow(/arg1/);
    await expect(invoke('files:read', cur, 0, 64 * 1024 * 1024)).rejects.toThrow(/arg2/);
    await expect(invoke('files:read', cur, 0.5, 10)).rejects.toThrow(/arg1/);
    await expect(invoke('files:read', join(dir, 'usage.csv'), 0, 10)).rejects.toThrow(/not opened/);
    await expect(invoke('files:stat', join(dir, 'usage.csv'))).resolves.toBeNull();
    expect(((await invoke('recent:list')) as { ref: string }[]).map((r) => r.ref)).toEqual([cur]);
  });

  it('accepts dropped data files and refuses other dropped paths', async () => {
    const out = (await invoke('files:dropped', [join(dir, 'usage.csv'), join(dir, 'passwords.kdbx'), join(dir, 'nope.csv')])) as ({
      name: string;
    } | null)[];
    expect(out.map((i) => i?.name ?? null)).toEqual(['usage.csv', null, null]);
    await expect(invoke('files:read', join(dir, 'usage.csv'), 0, 10)).resolves.toBeInstanceOf(Uint8Array);
    await expect(invoke('files:read', join(dir, 'passwords.kdbx'), 0, 10)).rejects.toThrow(/not opened/);
  });

  it('refuses to save a workspace that references files the user never opened', async () => {
    nextSave = join(dir, 'ws.finops.json');
    const ws = makeWorkspace([{ name: 'passwords.kdbx', ref: join(dir, 'passwords.kdbx') }], null);
    await expect(invoke('workspace:save', { workspace: ws, saveAs: false })).rejects.toThrow(/not opened by the user/);
    expect(dialogCalls).toEqual([]);
  });

  it('saves a workspace atomically, reopens it and makes its data files readable again', async () => {
    const cur = join(dir, 'cur.csv');
    nextPick = [cur];
    await invoke('files:pick', {});
    const target = join(dir, 'round.finops.json');
    nextSave = target;
    const ws = makeWorkspace([{ name: 'cur.csv', ref: cur }], { filters: { sku: 'compute' } });
    await expect(invoke('workspace:save', { workspace: ws, saveAs: false })).resolves.toEqual({
      name: 'round.finops.json',
      ref: target,
    });
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(ws);
    // Second save goes to the same file without asking again.
    await invoke('workspace:save', { workspace: { ...ws, state: { v: 2 } }, saveAs: false });
    expect(dialogCalls.filter((d) => d === 'saveWorkspace')).toHaveLength(1);

    // A fresh session (new guard): nothing is readable until the workspace is opened.
    const fresh = new Map<string, Listener>();
    const settings = new SettingsStore(join(dir, 'fresh-settings.json'));
    registerIpcHandlers(
      { handle: (c, fn) => void fresh.set(c, fn) },
      {
        guard: new PathGuard(),
        settings,
        dialogs: {
          openFiles: async () => [],
          saveFile: async () => null,
          openWorkspace: async () => target,
          saveWorkspace: async () => null,
        },
        startupPaths: () => [],
        trustedWebContents: new Set([WINDOW_ID]),
        applyTheme: () => undefined,
        recentChanged: () => undefined,
        autosaveDir: join(dir, 'autosave'),
        connectEngine: () => undefined,
        keychain,
      },
    );
    const freshCall = (c: string, ...a: unknown[]) => Promise.resolve().then(() => fresh.get(c)!(event(), ...a));
    await expect(freshCall('files:read', cur, 0, 10)).rejects.toThrow(/not opened/);
    const opened = (await freshCall('workspace:open')) as { state: unknown; files: { ref: string }[] };
    expect(opened.state).toEqual({ v: 2 });
    // Opening grants nothing; the files become readable once the user confirmed reopening them.
    await expect(freshCall('files:read', opened.files[0]!.ref, 0, 10)).rejects.toThrow(/not opened/);
    await expect(freshCall('files:reopen', [opened.files[0]!.ref])).resolves.toMatchObject([{ name: 'cur.csv', ref: cur }]);
    await expect(freshCall('files:read', opened.files[0]!.ref, 0, 10)).resolves.toBeInstanceOf(Uint8Array);
  });

  it('writes exports where the user chose and reports a cancelled dialog as null', async () => {
    await expect(invoke('files:save', { suggestedName: 'p.csv', data: 'a\n' })).resolves.toBeNull();
    nextSave = join(dir, 'export.csv');
    await invoke('files:save', { suggestedName: 'p.csv', data: new Uint8Array([104, 105]) });
    expect(readFileSync(nextSave, 'utf8')).toBe('hi');
  });

  it('persists and applies the theme', async () => {
    await invoke('theme:set', 'dark');
    expect(applied).toEqual(['dark']);
    await expect(invoke('theme:get')).resolves.toBe('dark');
  });
});

describe('IPC handlers: a workspace file grants nothing by itself', () => {
  const hostile = () => {
    const target = join(dir, `hostile-${Math.random()}.finops.json`);
    const files = [join(dir, 'usage.csv'), join(dir, 'innocent.csv'), join(dir, 'passwords.kdbx')].map((ref) => ({ name: ref, ref }));
    writeFileSync(target, JSON.stringify(makeWorkspace(files, null)));
    return target;
  };

  it.each(['workspace:open', 'workspace:last'])('%s lists the files but leaves them unreadable', async (channel) => {
    nextPick = [hostile()];
    await invoke('workspace:open'); // makes it the last workspace too
    await invoke(channel);
    for (const f of ['usage.csv', 'innocent.csv', 'passwords.kdbx'])
      await expect(invoke('files:read', join(dir, f), 0, 10)).rejects.toThrow(/not opened/);
    await expect(invoke('files:read', join(dir, 'ssh', 'id_rsa'), 0, 10)).rejects.toThrow(/not opened/);
  });

  it('reopens only listed data files, judged on their real target', async () => {
    nextPick = [hostile()];
    await invoke('workspace:open');
    const refs = ['usage.csv', 'innocent.csv', 'passwords.kdbx', 'cur.csv'].map((f) => join(dir, f));
    const out = (await invoke('files:reopen', refs)) as ({ name: string } | null)[];
    // innocent.csv links to ssh/id_rsa; passwords.kdbx is no data file; cur.csv is not listed.
    expect(out.map((i) => i?.name ?? null)).toEqual(['usage.csv', null, null, null]);
    await expect(invoke('files:read', join(dir, 'usage.csv'), 0, 10)).resolves.toBeInstanceOf(Uint8Array);
    await expect(invoke('files:read', join(dir, 'ssh', 'id_rsa'), 0, 10)).rejects.toThrow(/not opened/);
    await expect(invoke('files:read', join(dir, 'cur.csv'), 0, 10)).rejects.toThrow(/not opened/);
  });

  it('refuses reopening anything before a workspace listed it', async () => {
    await expect(invoke('files:reopen', [join(dir, 'usage.csv')])).resolves.toEqual([null]);
  });

  it.each(['\\\\host\\share\\cur.csv', '//host/share/cur.csv', '\\\\.\\C:\\cur.csv', '\\\\?\\C:\\cur.csv', 'C:cur.csv', `${dir}/../cur.csv`])(
    'the IPC validator refuses %s before any handler runs',
    async (path) => {
      for (const [channel, args] of [
        ['files:read', [path, 0, 10]],
        ['files:stat', [path]],
        ['files:dropped', [[path]]],
        ['files:reopen', [[path]]],
      ] as const)
        await expect(invoke(channel, ...args)).rejects.toThrow(new RegExp(`IPC ${channel}: arg0.*local absolute path`));
      const ws = makeWorkspace([{ name: 'cur.csv', ref: path }], null);
      await expect(invoke('workspace:save', { workspace: ws, saveAs: false })).rejects.toThrow(/local absolute path/);
    },
  );
});
