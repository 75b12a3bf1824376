/**
 * The main-process side of every IPC channel in ipc-contract.ts. Each call is answered only after
 * (1) the sender is checked (our window, main frame, app:// page) and (2) its arguments pass the
 * contract's validators; file paths then go through the PathGuard. Electron itself is injected
 * (dialogs, ipcMain) so all of this runs under Vitest without launching Electron.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import {
  INVOKE_CHANNELS,
  parseWorkspace,
  validateArgs,
  type ArgsOf,
  type FileFilter,
  type HostFileInfo,
  type InvokeChannel,
  type PickFilesArgs,
  type ResultOf,
  type ThemePreference,
  type Workspace,
} from '../src/host/ipc-contract.js';
import { PathRefusedError, type PathGuard } from './path-guard.js';
import { assertTrustedSender, type SenderInfo } from './security.js';
import { addRecent, type SettingsStore } from './settings.js';

/** The slice of ipcMain we use. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
}

/** Native dialogs; each resolves to the chosen path(s), or null/[] when cancelled. */
export interface Dialogs {
  openFiles(opts: PickFilesArgs): Promise<string[]>;
  saveFile(opts: { defaultName: string; filters?: FileFilter[]; title?: string }): Promise<string | null>;
  openWorkspace(): Promise<string | null>;
  saveWorkspace(defaultName: string): Promise<string | null>;
}

export interface HostDeps {
  guard: PathGuard;
  settings: SettingsStore;
  dialogs: Dialogs;
  /** Canonical paths named on the command line (already granted). */
  startupPaths: () => readonly string[];
  /** webContents ids of our windows: IPC from anything else is refused. */
  trustedWebContents: ReadonlySet<number>;
  /** Applies a theme change (nativeTheme, menu check marks). */
  applyTheme(pref: ThemePreference): void;
  /** The recent list changed (rebuild File > Open Recent). */
  recentChanged(): void;
  /** Folder of the autosave files (in the app's user data); created on first write. */
  autosaveDir: string;
  /** Pairs our window's page with the native engine, starting its utility process if need be. */
  connectEngine(): void;
  /** The OS keychain (Electron's safeStorage): warehouse passwords are kept encrypted with it, never in the clear. */
  keychain: Keychain;
}

/** The slice of Electron's safeStorage we use. */
export interface Keychain {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

/** Autosave file of the encrypted warehouse passwords (source name -> base64 of safeStorage's bytes). */
export const WAREHOUSE_SECRETS_FILE = 'warehouse-secrets.json';

export const WORKSPACE_EXTENSION = 'finops.json';

export function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    frameUrl: frame ? frame.url : null,
    isMainFrame: !!frame && frame.parent === null,
    webContentsId: event.sender.id,
  };
}

export async function describeFile(canonical: string): Promise<HostFileInfo> {
  const st = await stat(canonical);
  return { name: basename(canonical), size: st.size, lastModified: Math.round(st.mtimeMs), ref: canonical };
}

type Handlers = { [C in InvokeChannel]: (...args: ArgsOf<C>) => Promise<ResultOf<C>> };

/** Builds the handler for every channel (the mapped type makes a missing one a compile error). */
export function createHandlers(deps: HostDeps): Handlers {
  const { guard, settings, dialogs } = deps;
  let workspacePath: string | null = null;

  const remember = async (paths: string[]) => {
    if (paths.length === 0) return;
    await settings.update({ recent: addRecent(settings.get().recent, paths) });
    deps.recentChanged();
  };

  /**
   * Paths listed by the workspaces opened in this session: 'files:reopen' may grant these (and
   * only these) once the user confirmed the list. Opening a workspace grants nothing by itself: a
   * shared workspace file must not make the app read files its recipient never chose.
   */
  const offered = new Set<string>();

  /** Grants each allowed data file (aligned with `paths`: null for one refused or gone). */
  const grantDataFiles = async (paths: readonly string[], allowed: (path: string) => boolean) => {
    const out: (HostFileInfo | null)[] = [];
    for (const p of paths) out.push(allowed(p) ? await guard.grantDataFile(p).then(describeFile, () => null) : null);
    await remember(out.filter((i): i is HostFileInfo => i !== null).map((i) => i.ref));
    return out;
  };

  const loadWorkspace = async (path: string): Promise<Workspace> => {
    const ws = parseWorkspace(JSON.parse(await readFile(path, 'utf8')));
    for (const f of ws.files) if (f.ref) offered.add(f.ref);
    workspacePath = path;
    await settings.update({ lastWorkspace: path });
    return ws;
  };

  const secretsFile = join(deps.autosaveDir, WAREHOUSE_SECRETS_FILE);
  const readSecrets = async (): Promise<Record<string, string>> =>
    readFile(secretsFile, 'utf8').then(
      (t) => JSON.parse(t) as Record<string, string>,
      () => ({}),
    );

  return {
    'files:pick': async (opts) => {
      const chosen = await dialogs.openFiles(opts);
      const infos = [];
      for (const p of chosen) infos.push(await describeFile(await guard.grant(p)));
      await remember(infos.map((i) => i.ref));
      return infos;
    },
    'files:read': async (ref, offset, length) => {
      const fh = await open(await guard.check(ref), 'r');
      try {
        const buf = new Uint8Array(length);
        const { bytesRead } = await fh.read(buf, 0, length, offset);
        return bytesRead === length ? buf : buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    'files:stat': async (ref) => {
      try {
        return await describeFile(await guard.check(ref));
      } catch (e) {
        if (e instanceof PathRefusedError) return null;
        throw e;
      }
    },
    'files:reopen': async (refs) => grantDataFiles(refs, (ref) => offered.has(ref)),
    'files:dropped': async (paths) => grantDataFiles(paths, () => true),
    'files:startup': async () => Promise.all(deps.startupPaths().map(describeFile)),
    'files:save': async ({ suggestedName, data, filters, title }) => {
      const target = await dialogs.saveFile({ defaultName: suggestedName, filters, title });
      if (!target) return null;
      await writeFileAtomic(target, data);
      return { name: basename(target), ref: target };
    },
    'workspace:save': async ({ workspace, saveAs }) => {
      // A workspace may only point at files the user opened: saving must not smuggle in a path
      // that a later load would make readable.
      const foreign = workspace.files.find((f) => f.ref !== null && !guard.isGranted(f.ref));
      if (foreign) throw new PathRefusedError(foreign.ref ?? foreign.name, 'it was not opened by the user');
      let target = saveAs ? null : workspacePath;
      if (!target) target = await dialogs.saveWorkspace(`workspace.${WORKSPACE_EXTENSION}`);
      if (!target) return null;
      await writeFileAtomic(target, JSON.stringify(workspace, null, 2));
      workspacePath = target;
      await settings.update({ lastWorkspace: target });
      return { name: basename(target), ref: target };
    },
    'workspace:open': async () => {
      const path = await dialogs.openWorkspace();
      return path ? loadWorkspace(path) : null;
    },
    'workspace:last': async () => {
      const path = settings.get().lastWorkspace;
      if (!path) return null;
      return loadWorkspace(path).catch(() => null);
    },
    'recent:list': async () => settings.get().recent,
    'theme:get': async () => settings.get().theme,
    'theme:set': async (pref) => {
      await settings.update({ theme: pref });
      deps.applyTheme(pref);
    },
    // The name passed validation (no separators), so the file stays inside autosaveDir.
    'autosave:read': async (name) =>
      readFile(join(deps.autosaveDir, name), 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      }),
    'autosave:write': async (name, text) => {
      await mkdir(deps.autosaveDir, { recursive: true });
      await writeFileAtomic(join(deps.autosaveDir, name), text);
    },
    'engine:connect': async () => deps.connectEngine(),
    'warehouse:storePassword': async (source, password) => {
      const secrets = await readSecrets();
      if (password === null) delete secrets[source];
      else {
        if (!deps.keychain.isEncryptionAvailable()) throw new Error('The OS keychain is not available: the password is asked each session instead');
        secrets[source] = deps.keychain.encryptString(password).toString('base64');
      }
      await mkdir(deps.autosaveDir, { recursive: true });
      await writeFileAtomic(secretsFile, JSON.stringify(secrets));
    },
    'warehouse:password': async (source) => {
      const stored = (await readSecrets())[source];
      if (!stored || !deps.keychain.isEncryptionAvailable()) return null;
      return deps.keychain.decryptString(Buffer.from(stored, 'base64'));
    },
    'autosave:append': async (name, text) => {
      await mkdir(deps.autosaveDir, { recursive: true });
      const fh = await open(join(deps.autosaveDir, name), 'a');
      try {
        await fh.writeFile(text, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
    },
  };
}

/**
 * Wraps a handler with the sender check and argument validation. Refused calls reject before the
 * handler runs; the renderer sees only the error message.
 */
export function guardedHandler<C extends InvokeChannel>(
  channel: C,
  trusted: ReadonlySet<number>,
  fn: (...args: ArgsOf<C>) => Promise<ResultOf<C>>,
): (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<ResultOf<C>> {
  return async (event, ...args) => {
    assertTrustedSender(channel, senderInfo(event), trusted);
    return fn(...validateArgs(channel, args));
  };
}

export function registerIpcHandlers(ipc: IpcMainLike, deps: HostDeps): Handlers {
  const handlers = createHandlers(deps);
  for (const channel of INVOKE_CHANNELS) {
    ipc.handle(channel, guardedHandler(channel, deps.trustedWebContents, handlers[channel] as never));
  }
  return handlers;
}
