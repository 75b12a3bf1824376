/**
 * HostBridge for a plain browser (and the UI tests in Chromium): file inputs, drag-and-drop,
 * downloads, and localStorage for the workspace, recent names and theme. The same keyboard
 * shortcuts as the desktop menu are turned into menu commands.
 */
import { parseWorkspace, THEME_PREFERENCES } from '../../src/host/ipc-contract';
import type { MenuCommand, RecentFile, ThemePreference, Workspace } from '../../src/host/ipc-contract';
import type { HostBridge, HostFile, PickFilesOptions } from './bridge-types';
import { Listeners, listenForDroppedFiles } from './drop';
import { chooseFolder, domHostFile } from './folders';

const KEY = {
  workspace: 'finops-workbench.workspace',
  recent: 'finops-workbench.recent',
  theme: 'finops-workbench.theme',
  /** Prefix of the autosave entries (one per name). */
  autosave: 'finops-workbench.autosave.',
};
const MAX_RECENT = 10;

const MIME: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
  txt: 'text/plain',
};

export function mimeFor(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

const fileFromDom = (file: File): HostFile => domHostFile(file);

/** Opens the browser's file chooser through a temporary <input type=file>; [] when cancelled. */
function chooseFiles(doc: Document, opts: PickFilesOptions): Promise<File[]> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.multiple = opts.multiple ?? true;
    const exts = (opts.filters ?? []).flatMap((f) => f.extensions).filter((e) => e !== '*');
    if (exts.length > 0) input.accept = exts.map((e) => `.${e}`).join(',');
    input.style.display = 'none';
    const done = (files: File[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => done(Array.from(input.files ?? [])));
    input.addEventListener('cancel', () => done([]));
    doc.body.append(input);
    input.click();
  });
}

function download(doc: Document, name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; keep the URL a little for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function readJson<T>(storage: Storage, key: string): T | null {
  try {
    const text = storage.getItem(key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

/** Ctrl/Cmd shortcuts mirroring the desktop File menu. */
function menuCommandFor(e: KeyboardEvent): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  switch (e.key.toLowerCase()) {
    case 'o':
      return e.shiftKey ? 'open-workspace' : 'open-files';
    case 's':
      return e.shiftKey ? 'save-workspace-as' : 'save-workspace';
    case 'e':
      return e.shiftKey ? null : 'export';
    default:
      return null;
  }
}

/** Autosave over localStorage: setItem replaces a value whole (atomic), synchronously (safe on pagehide). */
export function storageAutosave(storage: Storage): HostBridge['autosave'] {
  const put = (name: string, text: string) => {
    try {
      storage.setItem(KEY.autosave + name, text);
    } catch (e) {
      throw new Error(
        `browser storage is full: ${name} was not saved (${e instanceof Error ? e.message : String(e)}); save the workspace to a file`,
        { cause: e },
      );
    }
  };
  return {
    read: async (name) => storage.getItem(KEY.autosave + name),
    writeAtomic: async (name, text) => put(name, text),
    append: async (name, text) => put(name, (storage.getItem(KEY.autosave + name) ?? '') + text),
  };
}

export function createBrowserBridge(win: Window = window): HostBridge {
  const doc = win.document;
  const storage = win.localStorage;
  const opened = new Listeners<HostFile[]>();
  const menu = new Listeners<MenuCommand>();
  const theme = new Listeners<ThemePreference>();

  const remember = (files: File[]) => {
    const now = new Date().toISOString();
    const fresh: RecentFile[] = files.map((f) => ({ name: f.name, ref: null, openedAt: now }));
    const old = (readJson<RecentFile[]>(storage, KEY.recent) ?? []).filter((r) => !files.some((f) => f.name === r.name));
    try {
      storage.setItem(KEY.recent, JSON.stringify([...fresh, ...old].slice(0, MAX_RECENT)));
    } catch {
      // A full localStorage only costs the recent list.
    }
  };

  listenForDroppedFiles(
    win,
    (files) => {
      remember(files);
      opened.emit(files.map(fileFromDom));
    },
    (files) => opened.emit(files),
  );
  win.addEventListener('keydown', (e) => {
    const cmd = menuCommandFor(e);
    if (cmd && menu.size > 0) {
      e.preventDefault();
      menu.emit(cmd);
    }
  });
  win.addEventListener('storage', (e) => {
    if (e.key === KEY.theme && THEME_PREFERENCES.includes(e.newValue as ThemePreference)) theme.emit(e.newValue as ThemePreference);
  });

  return {
    kind: 'browser',
    pickFiles: async (opts = {}) => {
      const files = await chooseFiles(doc, opts);
      remember(files);
      return files.map(fileFromDom);
    },
    pickFolder: () => chooseFolder(doc),
    onFilesOpened: (cb) => opened.add(cb),
    startupFiles: async () => [],
    reopenFile: async () => null,
    reopenFiles: async (refs) => refs.map(() => null),
    saveFile: async ({ suggestedName, data, mimeType }) => {
      download(doc, suggestedName, new Blob([data as BlobPart], { type: mimeType ?? mimeFor(suggestedName) }));
      return { name: suggestedName, ref: null };
    },
    saveWorkspace: async (ws: Workspace, opts = {}) => {
      const text = JSON.stringify(ws);
      let stored = true;
      try {
        storage.setItem(KEY.workspace, text);
      } catch {
        stored = false; // over the storage quota: the download below is the only copy
      }
      if (opts.saveAs || !stored) {
        const name = 'workspace.finops.json';
        download(doc, name, new Blob([text], { type: 'application/json' }));
        return { name, ref: null };
      }
      return { name: 'browser storage', ref: null };
    },
    openWorkspace: async () => {
      const [file] = await chooseFiles(doc, {
        multiple: false,
        filters: [{ name: 'Workspace', extensions: ['json'] }],
      });
      return file ? parseWorkspace(JSON.parse(await file.text())) : null;
    },
    lastWorkspace: async () => {
      const value = readJson<unknown>(storage, KEY.workspace);
      if (value === null) return null;
      try {
        return parseWorkspace(value);
      } catch {
        return null;
      }
    },
    recentFiles: async () => readJson<RecentFile[]>(storage, KEY.recent) ?? [],
    onMenuCommand: (cb) => menu.add(cb),
    getTheme: async () => {
      const v = storage.getItem(KEY.theme) as ThemePreference | null;
      return v && THEME_PREFERENCES.includes(v) ? v : 'system';
    },
    setTheme: async (pref) => {
      storage.setItem(KEY.theme, pref);
    },
    onThemeChange: (cb) => theme.add(cb),
    autosave: storageAutosave(storage),
    keychain: null,
  };
}
