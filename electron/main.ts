/**
 * The main process: one hardened window showing the renderer from app://workbench/ (mapped to
 * dist/), native menus and dialogs, the typed IPC handlers, remembered window state.
 * Plain logic lives in the modules it wires together (and is unit-tested there).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  MessageChannelMain,
  protocol,
  safeStorage,
  screen,
  utilityProcess,
  session,
  type OpenDialogOptions,
  type WebContents,
} from 'electron';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveAppRequest } from './app-protocol.js';
import { describeFile, registerIpcHandlers, WORKSPACE_EXTENSION, type Dialogs } from './ipc-handlers.js';
import type { EventChannel, EventChannels, ThemePreference } from '../src/host/ipc-contract.js';
import { buildMenuTemplate } from './menu.js';
import { PathGuard } from './path-guard.js';
import { EngineProcess } from './engine-process.js';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl, isPermissionAllowed } from './security.js';
import { addRecent, SettingsStore } from './settings.js';
import { clampWindowState, MIN_HEIGHT, MIN_WIDTH } from './window-state.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const APP_NAME = 'FinOps Workbench';

// Must run before 'ready': app:// behaves like https (secure context, fetch, same-origin workers;
// corsEnabled because Vite emits `<script type="module" crossorigin>`, a CORS-mode request).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
  },
]);
app.enableSandbox();
app.setName(APP_NAME);

// One instance: a second launch hands its files to the first (see 'second-instance') and exits.
if (!app.requestSingleInstanceLock()) app.exit(0);

const guard = new PathGuard();
// The native engine runs beside the window in a utility process, reading only what the guard grants.
const nativeEngine = new EngineProcess(
  { fork: (entry) => utilityProcess.fork(entry, [], { serviceName: 'FinOps native engine' }), channel: () => new MessageChannelMain() },
  join(fileURLToPath(new URL('.', import.meta.url)), 'engine-utility.mjs'),
);
guard.onGranted = (path) => nativeEngine.grant(path);
const trusted = new Set<number>();
let settings: SettingsStore;
let mainWindow: BrowserWindow | null = null;
const startupPaths: string[] = [];

function send<C extends EventChannel>(channel: C, payload: EventChannels[C]): void {
  mainWindow?.webContents.send(channel, payload);
}

/** Data files named on a command line (launch or second instance), relative to `cwd`. */
function pathsFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(app.isPackaged ? 1 : 2)
    .filter((a) => !a.startsWith('-'))
    .map((a) => resolve(cwd, a));
}

/** Grants each path (aligned with the input: null for one that is gone or not a file). */
async function grantAll(paths: readonly string[]): Promise<(string | null)[]> {
  return Promise.all(paths.map((p) => guard.grant(p).catch(() => null)));
}

/** Files opened from outside the renderer: Open Recent, second launch, macOS open-file. */
async function openFromMain(paths: readonly string[]): Promise<void> {
  const results = await grantAll(paths);
  const gone = new Set(paths.filter((_, i) => results[i] === null));
  const granted = results.filter((p): p is string => p !== null);
  let recent = settings.get().recent.filter((r) => r.ref === null || !gone.has(r.ref));
  if (granted.length > 0) recent = addRecent(recent, granted);
  await settings.update({ recent });
  if (granted.length > 0) send('files:opened', await Promise.all(granted.map(describeFile)));
  rebuildMenu();
}

function applyTheme(pref: ThemePreference): void {
  nativeTheme.themeSource = pref;
  send('theme:changed', pref);
  rebuildMenu();
}

function rebuildMenu(): void {
  const s = settings.get();
  const template = buildMenuTemplate(
    { recent: s.recent, theme: s.theme, isMac: process.platform === 'darwin', appName: APP_NAME },
    {
      command: (cmd) => send('menu:command', cmd),
      openRecent: (ref) => void openFromMain([ref]),
      clearRecent: () => void settings.update({ recent: [] }).then(rebuildMenu),
      setTheme: (pref) => void settings.update({ theme: pref }).then(() => applyTheme(pref)),
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

const dialogs: Dialogs = {
  async openFiles(opts) {
    const options: OpenDialogOptions = {
      title: opts.title ?? 'Open data files',
      defaultPath: app.getPath('documents'),
      properties: opts.multiple === false ? ['openFile'] : ['openFile', 'multiSelections'],
      filters: opts.filters,
    };
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return r.canceled ? [] : r.filePaths;
  },
  async saveFile({ defaultName, filters, title }) {
    const options = { title: title ?? 'Export', defaultPath: join(app.getPath('documents'), defaultName), filters };
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
  async openWorkspace() {
    const options: OpenDialogOptions = {
      title: 'Open workspace',
      properties: ['openFile'],
      filters: [{ name: 'FinOps Workbench workspace', extensions: ['json'] }],
    };
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  async saveWorkspace(defaultName) {
    const options = {
      title: 'Save workspace',
      defaultPath: join(app.getPath('documents'), defaultName),
      filters: [{ name: 'FinOps Workbench workspace', extensions: [WORKSPACE_EXTENSION] }],
    };
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
};

/** Rules for every web contents the app ever creates: no navigation, no popups, no webviews. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function hardenSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl)));
  s.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  s.setDevicePermissionHandler(() => false);
  s.on('will-download', (e) => e.preventDefault());
  // Nothing leaves the machine: only the app's own scheme and in-memory URLs may load.
  s.webRequest.onBeforeRequest((details, callback) => {
    const ok = isAppUrl(details.url) || /^(blob|data|devtools):/.test(details.url);
    callback({ cancel: !ok });
  });
}

async function createWindow(): Promise<void> {
  // Primary display first: clampWindowState centres lost windows there.
  const primaryId = screen.getPrimaryDisplay().id;
  const areas = screen
    .getAllDisplays()
    .sort((a, b) => Number(b.id === primaryId) - Number(a.id === primaryId))
    .map((d) => d.workArea);
  const state = clampWindowState(settings.get().window, areas);

  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: APP_NAME,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#ffffff',
    webPreferences: {
      // Electronegativity asks for a review of any preload (PRELOAD_JS_CHECK): this one only exposes
      // the one-function-per-capability API of ipc-contract.ts, never ipcRenderer itself.
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click must not open links either (navigation and popups are already denied).
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  mainWindow = win;
  const id = win.webContents.id;
  trusted.add(id);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  // Geometry is saved shortly after every move/resize (a crash keeps it) and once more on close.
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveState = () => {
    clearTimeout(saveTimer);
    void settings.update({ window: { bounds: win.getNormalBounds(), maximized: win.isMaximized() } });
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 1000);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', saveState);
  win.on('closed', () => {
    trusted.delete(id);
    if (mainWindow === win) mainWindow = null;
  });
  await win.loadURL(APP_ENTRY_URL);
}

app.on('web-contents-created', (_e, contents) => harden(contents));

app.on('second-instance', (_e, argv, cwd) => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
  void openFromMain(pathsFromArgv(argv, cwd));
});

// macOS: files dropped on the dock icon or opened with the app.
app.on('open-file', (e, path) => {
  e.preventDefault();
  if (app.isReady()) void openFromMain([path]);
  else startupPaths.push(path);
});

app.on('window-all-closed', () => {
  // The window state written on 'close' must reach the disk before the process ends.
  nativeEngine.stop();
  if (process.platform !== 'darwin') void settings.flush().finally(() => app.quit());
});

app.on('activate', () => {
  if (app.isReady() && BrowserWindow.getAllWindows().length === 0) void createWindow();
});

app.whenReady().then(async () => {
  settings = new SettingsStore(join(app.getPath('userData'), 'settings.json'));
  await settings.load();
  nativeTheme.themeSource = settings.get().theme;
  const requested = [...startupPaths.splice(0), ...pathsFromArgv(process.argv, process.cwd())];
  startupPaths.push(...(await grantAll(requested)).filter((p): p is string => p !== null));

  const dist = join(app.getAppPath(), 'dist');
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(dist, request.url));
  hardenSession();
  registerIpcHandlers(ipcMain, {
    guard,
    settings,
    dialogs,
    startupPaths: () => startupPaths,
    trustedWebContents: trusted,
    applyTheme,
    recentChanged: rebuildMenu,
    autosaveDir: join(app.getPath('userData'), 'autosave'),
    // Only when the page asks (its workspace is on the native engine): the utility process starts then.
    connectEngine: () => {
      if (mainWindow) nativeEngine.connect(mainWindow.webContents);
    },
    keychain: safeStorage,
  });
  rebuildMenu();
  await createWindow();
});
