/**
 * The main-process wiring, run against a recording stand-in for the electron module (the real
 * binary cannot run here): privileged scheme and sandbox before ready, the secure window
 * preferences, app:// serving dist/, every IPC channel registered behind the sender check,
 * navigation/popups/permissions/remote requests denied, menus, command-line files.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../src/host/ipc-contract.js';

type Fn = (...args: never[]) => unknown;

const h = vi.hoisted(() => {
  const appEvents = new Map<string, Fn>();
  const windows: { options: Record<string, unknown>; loadURL: string[]; sent: [string, unknown][] }[] = [];
  const calls: string[] = [];
  const root = { dir: '' };
  const electron = {
    app: {
      isPackaged: false,
      enableSandbox: () => calls.push('enableSandbox'),
      setName: () => undefined,
      requestSingleInstanceLock: () => true,
      exit: () => calls.push('exit'),
      quit: () => calls.push('quit'),
      on: (event: string, cb: Fn) => void appEvents.set(event, cb),
      whenReady: () => new Promise<void>((ok) => setTimeout(ok, 0)),
      isReady: () => true,
      getPath: (name: string) => join(root.dir, name),
      getAppPath: () => root.dir,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => calls.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
      handle(scheme: string, fn: (req: { url: string }) => Promise<Response>) {
        this.handlers.set(scheme, fn);
      },
    },
    ipcMain: {
      handlers: new Map<string, Fn>(),
      handle(channel: string, fn: Fn) {
        this.handlers.set(channel, fn);
      },
    },
    BrowserWindow: class {
      static getAllWindows = () => windows;
      record: (typeof windows)[number];
      webContents: {
        id: number;
        send: (c: string, p: unknown) => void;
        on: (event: string, cb: Fn) => void;
        postMessage: (c: string, m: unknown, ports: unknown[]) => void;
      };
      constructor(options: Record<string, unknown>) {
        this.record = { options, loadURL: [], sent: [] };
        windows.push(this.record);
        this.webContents = {
          id: 41,
          send: (c, p) => void this.record.sent.push([c, p]),
          on: (event, cb) => void (event === 'did-finish-load' && cb()),
          postMessage: (c, _m, ports) => void this.record.sent.push([c, ports]),
        };
      }
      maximize() {}
      once() {}
      on() {}
      isMinimized = () => false;
      focus() {}
      async loadURL(url: string) {
        this.record.loadURL.push(url);
      }
    },
    dialog: {},
    MessageChannelMain: class {
      port1 = { end: 'engine' };
      port2 = { end: 'page' };
    },
    utilityProcess: {
      forked: [] as [string, unknown][],
      fork(entry: string) {
        const sent: unknown[] = [];
        this.forked.push([entry, sent]);
        return { postMessage: (m: unknown) => void sent.push(m), on: () => undefined, kill: () => true };
      },
    },
    Menu: { template: null as unknown, buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (electron.Menu.template = m) },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.from(''), decryptString: () => '' },
    screen: {
      getPrimaryDisplay: () => ({ id: 2, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      getAllDisplays: () => [
        { id: 1, workArea: { x: -1280, y: 0, width: 1280, height: 1000 } },
        { id: 2, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
      ],
    },
    session: {
      defaultSession: {
        permissionRequest: null as null | Fn,
        permissionCheck: null as null | Fn,
        beforeRequest: null as null | Fn,
        setPermissionRequestHandler(fn: Fn) {
          this.permissionRequest = fn;
        },
        setPermissionCheckHandler(fn: Fn) {
          this.permissionCheck = fn;
        },
        setDevicePermissionHandler() {},
        on() {},
        webRequest: {
          onBeforeRequest: (fn: Fn) => void (electron.session.defaultSession.beforeRequest = fn),
        },
      },
    },
  };
  return { electron, appEvents, windows, calls, root };
});

vi.mock('electron', () => h.electron);

let dataFile: string;

beforeAll(async () => {
  h.root.dir = realpathSync(mkdtempSync(join(tmpdir(), 'main-')));
  mkdirSync(join(h.root.dir, 'dist'));
  writeFileSync(join(h.root.dir, 'dist', 'index.html'), '<!doctype html><title>workbench</title>');
  writeFileSync(join(h.root.dir, 'secret.txt'), 'outside dist');
  dataFile = join(h.root.dir, 'cur.csv');
  writeFileSync(dataFile, 'a,b\n1,2\n');
  const argv = process.argv;
  process.argv = ['/opt/electron', 'dist-electron/electron/main.js', dataFile, '--some-switch'];
  try {
    await import('./main.js');
    await vi.waitFor(() => expect(h.windows).toHaveLength(1));
  } finally {
    process.argv = argv;
  }
});
afterAll(() => rmSync(h.root.dir, { recursive: true, force: true }));

const ours = { sender: { id: 41 }, senderFrame: { url: 'app://workbench/index.html', parent: null } };

describe('main process wiring', () => {
  it('registers app:// as privileged and enables the sandbox before ready', () => {
    expect(h.calls[0]).toMatch(/^registerSchemesAsPrivileged \[\{"scheme":"app","privileges":\{"standard":true,"secure":true/);
    expect(h.calls).toContain('enableSandbox');
  });

  it('opens one window with the hardened preferences on app://workbench/', () => {
    const w = h.windows[0]!;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String((w.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(w.loadURL).toEqual(['app://workbench/index.html']);
    // The native engine's utility process waits until the page asks for it.
    expect(h.electron.utilityProcess.forked).toEqual([]);
    expect(w.sent.map(([c]) => c)).not.toContain('engine:port');
    // No saved state: centred on the primary display (listed second by the OS).
    expect([w.options.x, w.options.y, w.options.width, w.options.height]).toEqual([240, 70, 1440, 900]);
  });

  it('serves dist/ over app:// with the CSP and nothing outside it', async () => {
    const serve = h.electron.protocol.handlers.get('app')!;
    const ok = await serve({ url: 'app://workbench/' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");
    expect((await serve({ url: 'app://workbench/..%2fsecret.txt' })).status).toBe(404);
  });

  it('starts the native engine when the page asks, and pairs the page with it by a port', async () => {
    const connect = h.electron.ipcMain.handlers.get('engine:connect')! as (e: unknown) => Promise<void>;
    await connect(ours);
    expect(h.windows[0]!.sent).toContainEqual(['engine:port', [{ end: 'page' }]]);
    const [[entry, control]] = h.electron.utilityProcess.forked;
    expect(entry).toMatch(/engine-utility\.mjs$/);
    expect(control).toContainEqual({ type: 'engine-port' });
  });

  it('answers every contract channel, only for our window', async () => {
    const handlers = h.electron.ipcMain.handlers;
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const startup = handlers.get('files:startup')! as (e: unknown) => Promise<{ ref: string }[]>;
    // The command-line file is readable; the switch is ignored.
    expect((await startup(ours)).map((f) => f.ref)).toEqual([dataFile]);
    const stranger = { sender: { id: 7 }, senderFrame: { url: 'app://workbench/index.html', parent: null } };
    await expect(startup(stranger)).rejects.toThrow(/refused/);
  });

  it('denies navigation, popups, webviews, permissions and any non-app request', () => {
    const listeners = new Map<string, Fn>();
    let openHandler: Fn | null = null;
    h.appEvents.get('web-contents-created')!(
      {} as never,
      {
        on: (e: string, fn: Fn) => void listeners.set(e, fn),
        setWindowOpenHandler: (fn: Fn) => void (openHandler = fn),
      } as never,
    );
    for (const e of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(e)!({ preventDefault } as never);
      expect(preventDefault, e).toHaveBeenCalled();
    }
    expect((openHandler as unknown as Fn)({ url: 'https://example.com' } as never)).toEqual({ action: 'deny' });

    const s = h.electron.session.defaultSession;
    const request = (permission: string, requestingUrl: string) => {
      let granted: boolean | null = null;
      s.permissionRequest!({} as never, permission as never, ((g: boolean) => (granted = g)) as never, { requestingUrl } as never);
      return granted;
    };
    expect(request('media', 'app://workbench/index.html')).toBe(false);
    expect(request('notifications', 'app://workbench/index.html')).toBe(false);
    expect(request('clipboard-read', 'app://workbench/index.html')).toBe(false);
    expect(request('clipboard-sanitized-write', 'app://workbench/index.html')).toBe(true);
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(s.permissionCheck!({} as never, 'geolocation' as never, 'app://workbench' as never)).toBe(false);
    expect(s.permissionCheck!({} as never, 'clipboard-sanitized-write' as never, 'app://workbench' as never)).toBe(true);
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      s.beforeRequest!({ url } as never, ((r: { cancel: boolean }) => (cancel = r.cancel)) as never);
      return cancel;
    };
    expect(decide('app://workbench/assets/duckdb-eh.wasm')).toBe(false);
    expect(decide('blob:app://workbench/1234')).toBe(false);
    expect(decide('https://cdn.example.com/duckdb.wasm')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('app://evil/index.html')).toBe(true);
  });

  it('builds the File menu and sends its commands to the renderer', () => {
    const template = h.electron.Menu.template as { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
    const file = template.find((m) => m.label === 'File')!;
    expect(file.submenu!.map((i) => i.label).filter(Boolean)).toEqual([
      'Open…',
      'Open Recent',
      'Open Workspace…',
      'Save Workspace',
      'Save Workspace As…',
      'Export…',
    ]);
    file.submenu!.find((i) => i.label === 'Export…')!.click!();
    expect(h.windows[0]!.sent).toContainEqual(['menu:command', 'export']);
    expect(template.map((m) => m.label).filter(Boolean)).toEqual(['File', 'Edit', 'View']);
  });
});
