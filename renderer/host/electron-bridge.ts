/** HostBridge over the preload API (`window.workbench`): native dialogs, menus, files read by main. */
import { MAX_READ_CHUNK, type HostFileInfo, type WorkbenchApi } from '../../src/host/ipc-contract';
import type { HostBridge, HostFile } from './bridge-types';
import { Listeners, listenForDroppedFiles } from './drop';
import { chooseFolder, domHostFile } from './folders';

/** Reads a whole file from main in chunks (a single huge IPC message would fail). */
async function readChunks(api: WorkbenchApi, ref: string): Promise<Uint8Array<ArrayBuffer>[]> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 0; ;) {
    const chunk = (await api.readFile(ref, offset, MAX_READ_CHUNK)) as Uint8Array<ArrayBuffer>;
    if (chunk.byteLength > 0) chunks.push(chunk);
    offset += chunk.byteLength;
    if (chunk.byteLength < MAX_READ_CHUNK) return chunks;
  }
}

/** A file main has made readable: its bytes come over IPC on demand (never cached here). */
function fileFromInfo(api: WorkbenchApi, info: HostFileInfo): HostFile {
  // Blob parts are not copied into one buffer: a large file costs its size once.
  const blob = async () => new Blob(await readChunks(api, info.ref));
  return {
    name: info.name,
    size: info.size,
    lastModified: info.lastModified,
    ref: info.ref,
    blob,
    bytes: async () => new Uint8Array(await (await blob()).arrayBuffer()),
    text: async () => (await blob()).text(),
  };
}

/** A dropped file: the renderer already holds it, so reads need no IPC; main only records its path. */
const fileFromDrop = (file: File, ref: string | null): HostFile => domHostFile(file, ref);

export function createElectronBridge(api: WorkbenchApi, win: Window = window): HostBridge {
  const opened = new Listeners<HostFile[]>();
  api.onFilesOpened((infos) => opened.emit(infos.map((i) => fileFromInfo(api, i))));
  listenForDroppedFiles(
    win,
    (files) => {
      // Paths let workspaces and Open Recent find the files again; a drop without a path (e.g. from
      // another app's memory) still opens, it just cannot be reopened later.
      api.filesDropped(files).then(
        (infos) => opened.emit(files.map((f, i) => fileFromDrop(f, infos[i]?.ref ?? null))),
        () => opened.emit(files.map((f) => fileFromDrop(f, null))),
      );
    },
    (files) => opened.emit(files),
  );

  return {
    kind: 'electron',
    pickFiles: async (opts = {}) => (await api.pickFiles(opts)).map((i) => fileFromInfo(api, i)),
    pickFolder: () => chooseFolder(win.document),
    onFilesOpened: (cb) => opened.add(cb),
    startupFiles: async () => (await api.startupFiles()).map((i) => fileFromInfo(api, i)),
    reopenFile: async (ref) => {
      const info = await api.statFile(ref).catch(() => null);
      return info ? fileFromInfo(api, info) : null;
    },
    reopenFiles: async (refs) => (await api.reopenFiles(refs)).map((i) => (i ? fileFromInfo(api, i) : null)),
    saveFile: ({ suggestedName, data, filters, title }) => api.saveFile({ suggestedName, data, filters, title }),
    saveWorkspace: (workspace, opts = {}) => api.saveWorkspace({ workspace, saveAs: !!opts.saveAs }),
    // Values crossing the context bridge arrive frozen: hand the renderer its own mutable copy.
    openWorkspace: async () => structuredClone(await api.openWorkspace()),
    lastWorkspace: async () => structuredClone(await api.lastWorkspace()),
    recentFiles: async () => structuredClone(await api.recentFiles()),
    onMenuCommand: (cb) => api.onMenuCommand(cb),
    getTheme: () => api.getTheme(),
    setTheme: (pref) => api.setTheme(pref),
    onThemeChange: (cb) => api.onThemeChanged(cb),
    autosave: {
      read: (name) => api.autosaveRead(name),
      writeAtomic: (name, text) => api.autosaveWrite(name, text),
      append: (name, text) => api.autosaveAppend(name, text),
    },
    keychain: { store: (source, password) => api.storeWarehousePassword(source, password), read: (source) => api.warehousePassword(source) },
  };
}
