/**
 * The preload: runs sandboxed with context isolation, so only contextBridge, ipcRenderer and
 * webUtils exist here. It exposes one function per capability as `window.workbench` and never
 * hands the renderer ipcRenderer itself or an IPC event. Bundled to one CommonJS file by esbuild
 * (a sandboxed preload cannot load local modules).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { EventChannel, EventChannels, InvokeChannel, ArgsOf, ResultOf, WorkbenchApi } from '../src/host/ipc-contract.js';
import { ENGINE_PORT_CHANNEL } from '../src/host/engine-port.js';

function invoke<C extends InvokeChannel>(channel: C, ...args: ArgsOf<C>): Promise<ResultOf<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<ResultOf<C>>;
}

function subscribe<C extends EventChannel>(channel: C, cb: (payload: EventChannels[C]) => void): () => void {
  const listener = (_event: Electron.IpcRendererEvent, payload: EventChannels[C]) => cb(payload);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const api: WorkbenchApi = {
  pickFiles: (opts) => invoke('files:pick', opts),
  readFile: (ref, offset, length) => invoke('files:read', ref, offset, length),
  statFile: (ref) => invoke('files:stat', ref),
  reopenFiles: (refs) => invoke('files:reopen', refs),
  filesDropped: async (files) => {
    // Only the preload can see a dropped file's path; files without one (dragged from another
    // app's memory) stay null and are read from the File object alone.
    const paths = files.map((f) => {
      try {
        return webUtils.getPathForFile(f);
      } catch {
        return '';
      }
    });
    const withPath = paths.filter((p) => p !== '');
    const infos = withPath.length > 0 ? await invoke('files:dropped', withPath) : [];
    let next = 0;
    return paths.map((p) => (p === '' ? null : (infos[next++] ?? null)));
  },
  startupFiles: () => invoke('files:startup'),
  saveFile: (req) => invoke('files:save', req),
  saveWorkspace: (req) => invoke('workspace:save', req),
  openWorkspace: () => invoke('workspace:open'),
  lastWorkspace: () => invoke('workspace:last'),
  recentFiles: () => invoke('recent:list'),
  getTheme: () => invoke('theme:get'),
  setTheme: (pref) => invoke('theme:set', pref),
  autosaveRead: (name) => invoke('autosave:read', name),
  autosaveWrite: (name, text) => invoke('autosave:write', name, text),
  autosaveAppend: (name, text) => invoke('autosave:append', name, text),
  onMenuCommand: (cb) => subscribe('menu:command', cb),
  connectEngine: () => invoke('engine:connect'),
  storeWarehousePassword: (source, password) => invoke('warehouse:storePassword', source, password),
  warehousePassword: (source) => invoke('warehouse:password', source),
  onFilesOpened: (cb) => subscribe('files:opened', cb),
  onThemeChanged: (cb) => subscribe('theme:changed', cb),
};

contextBridge.exposeInMainWorld('workbench', api);
// The native engine's port (engine-process.ts): a MessagePort cannot cross the context bridge, so it
// reaches the page as a window message, the documented way; the page keeps only a port, no IPC.
ipcRenderer.on(ENGINE_PORT_CHANNEL, (e) => window.postMessage(ENGINE_PORT_CHANNEL, window.location.origin, e.ports));
