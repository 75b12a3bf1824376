/**
 * The typed IPC contract between the renderer (through the preload) and the main process: every
 * channel, its argument and result types, and the validator main runs on the arguments before
 * doing anything. Nothing else may call ipcMain.handle / ipcRenderer.invoke with a literal name.
 *
 * This file is pure (no electron, no node imports): the preload bundles it, main imports it, and
 * the renderer imports its types (and the workspace parser) through renderer/host/bridge.ts. It
 * sits in src/host/ because the shell and the renderer may both import it (.dependency-cruiser.cjs).
 */

// ---------------------------------------------------------------------------------------------
// Wire types (shared with renderer/host/bridge.ts)

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One entry of an open/save dialog's type list; extensions without the dot ('csv', 'parquet'). */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** What main tells the renderer about a file the user opened. `ref` is its absolute path. */
export interface HostFileInfo {
  name: string;
  size: number;
  lastModified: number;
  ref: string;
}

export interface PickFilesArgs {
  title?: string;
  filters?: FileFilter[];
  multiple?: boolean;
}

export interface SaveFileArgs {
  suggestedName: string;
  data: Uint8Array | string;
  filters?: FileFilter[];
  title?: string;
}

export interface SaveResult {
  name: string;
  ref: string | null;
}

/** A file a workspace needs; reopen it with its ref. */
export interface WorkspaceFileEntry {
  name: string;
  ref: string | null;
  size?: number;
}

/**
 * A saved workspace. The host owns the envelope (`format`, `version`, `files`); the renderer owns
 * `state` (mappings, filters, review decisions ...), which must be plain JSON.
 */
export interface Workspace {
  format: 'finops-workbench-workspace';
  version: 1;
  savedAt: string;
  files: WorkspaceFileEntry[];
  state: JsonValue;
}

export interface SaveWorkspaceArgs {
  workspace: Workspace;
  saveAs: boolean;
}

export interface RecentFile {
  name: string;
  /** Absolute path in the desktop app; null in the browser (names only). */
  ref: string | null;
  openedAt: string;
}

export type ThemePreference = 'system' | 'light' | 'dark';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

/** Commands the native menu sends to the renderer. */
export type MenuCommand =
  | 'open-files'
  | 'open-workspace'
  | 'save-workspace'
  | 'save-workspace-as'
  | 'export'
  | 'find'
  | 'show-about';

// ---------------------------------------------------------------------------------------------
// Channels

/** renderer -> main request/response channels (ipcRenderer.invoke / ipcMain.handle). */
export interface InvokeChannels {
  /** Native open dialog; the chosen paths become readable. */
  'files:pick': { args: [opts: PickFilesArgs]; result: HostFileInfo[] };
  /**
   * Reads up to `length` bytes at `offset` of a file the user picked, dropped or reopened (chunked:
   * one IPC message must stay far below the few-hundred-MB size at which Electron's IPC fails).
   * A shorter result means end of file.
   */
  'files:read': { args: [ref: string, offset: number, length: number]; result: Uint8Array };
  /** Describes a readable file again (workspace restore, recent list); null if gone. */
  'files:stat': { args: [ref: string]; result: HostFileInfo | null };
  /** Paths of files dropped on the window (from webUtils.getPathForFile in the preload). */
  'files:dropped': { args: [paths: string[]]; result: (HostFileInfo | null)[] };
  /** Files named on the command line at launch. */
  'files:startup': { args: []; result: HostFileInfo[] };
  /** Native save dialog, then writes the bytes there. Null when cancelled. */
  'files:save': { args: [req: SaveFileArgs]; result: SaveResult | null };
  'workspace:save': { args: [req: SaveWorkspaceArgs]; result: SaveResult | null };
  /** Native open dialog for a workspace file; its files become readable. */
  'workspace:open': { args: []; result: Workspace | null };
  'workspace:last': { args: []; result: Workspace | null };
  'recent:list': { args: []; result: RecentFile[] };
  'theme:get': { args: []; result: ThemePreference };
  'theme:set': { args: [pref: ThemePreference]; result: void };
}

/** main -> renderer events (webContents.send / ipcRenderer.on). */
export interface EventChannels {
  'menu:command': MenuCommand;
  /** Files opened outside the renderer's request: File > Open Recent, second launch. */
  'files:opened': HostFileInfo[];
  'theme:changed': ThemePreference;
}

export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof EventChannels;
export type ArgsOf<C extends InvokeChannel> = InvokeChannels[C]['args'];
export type ResultOf<C extends InvokeChannel> = InvokeChannels[C]['result'];

export const INVOKE_CHANNELS = [
  'files:pick',
  'files:read',
  'files:stat',
  'files:dropped',
  'files:startup',
  'files:save',
  'workspace:save',
  'workspace:open',
  'workspace:last',
  'recent:list',
  'theme:get',
  'theme:set',
] as const satisfies readonly InvokeChannel[];

export const EVENT_CHANNELS = ['menu:command', 'files:opened', 'theme:changed'] as const satisfies readonly EventChannel[];

/**
 * The API the preload exposes as `window.workbench`: one function per capability. Files dropped
 * on the window are passed as DOM File objects; the preload resolves their paths.
 */
export interface WorkbenchApi {
  pickFiles(opts: PickFilesArgs): Promise<HostFileInfo[]>;
  readFile(ref: string, offset: number, length: number): Promise<Uint8Array>;
  statFile(ref: string): Promise<HostFileInfo | null>;
  /** Aligned with `files`: null for a file without a local path or one main refused. */
  filesDropped(files: File[]): Promise<(HostFileInfo | null)[]>;
  startupFiles(): Promise<HostFileInfo[]>;
  saveFile(req: SaveFileArgs): Promise<SaveResult | null>;
  saveWorkspace(req: SaveWorkspaceArgs): Promise<SaveResult | null>;
  openWorkspace(): Promise<Workspace | null>;
  lastWorkspace(): Promise<Workspace | null>;
  recentFiles(): Promise<RecentFile[]>;
  getTheme(): Promise<ThemePreference>;
  setTheme(pref: ThemePreference): Promise<void>;
  onMenuCommand(cb: (cmd: MenuCommand) => void): () => void;
  onFilesOpened(cb: (files: HostFileInfo[]) => void): () => void;
  onThemeChanged(cb: (pref: ThemePreference) => void): () => void;
}

// ---------------------------------------------------------------------------------------------
// Validators: main runs these on every incoming call; a failure rejects the call unanswered.

export class IpcValidationError extends Error {
  constructor(channel: string, what: string) {
    super(`IPC ${channel}: ${what}`);
    this.name = 'IpcValidationError';
  }
}

/** Largest single save (export/workspace) accepted over IPC. */
export const MAX_SAVE_BYTES = 256 * 1024 * 1024;
/** Largest chunk one 'files:read' returns. */
export const MAX_READ_CHUNK = 16 * 1024 * 1024;
const MAX_PATH = 4096;
const MAX_NAME = 255;
const MAX_FILES = 1000;

type Check = (value: unknown, where: string) => void;

function fail(where: string, expected: string): never {
  throw new Error(`${where}: expected ${expected}`);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function objectWith(keys: Record<string, { check: Check; optional?: boolean }>): Check {
  return (v, where) => {
    if (!isPlainObject(v)) fail(where, 'an object');
    for (const k of Object.keys(v)) if (!(k in keys)) fail(`${where}.${k}`, 'no such field');
    for (const [k, spec] of Object.entries(keys)) {
      if (v[k] === undefined) {
        if (!spec.optional) fail(`${where}.${k}`, 'a value');
      } else spec.check(v[k], `${where}.${k}`);
    }
  };
}

const str =
  (max: number, pattern?: RegExp): Check =>
  (v, where) => {
    if (typeof v !== 'string' || v.length === 0 || v.length > max || v.includes('\0'))
      fail(where, `a non-empty string of at most ${max} characters`);
    if (pattern && !pattern.test(v)) fail(where, `a string matching ${pattern}`);
  };

const intIn =
  (min: number, max: number): Check =>
  (v, where) => {
    if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) fail(where, `an integer from ${min} to ${max}`);
  };

const bool: Check = (v, where) => {
  if (typeof v !== 'boolean') fail(where, 'true or false');
};

const arrayOf =
  (item: Check, max: number): Check =>
  (v, where) => {
    if (!Array.isArray(v) || v.length > max) fail(where, `a list of at most ${max} items`);
    v.forEach((x, i) => item(x, `${where}[${i}]`));
  };

/** An absolute path (POSIX or Windows drive/UNC); the path guard decides whether it may be read. */
const absolutePath: Check = (v, where) => {
  str(MAX_PATH)(v, where);
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(v as string)) fail(where, 'an absolute path');
};

/** A bare file name: no directories, no traversal, no characters invalid on Windows. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it rejects
const fileName = str(MAX_NAME, /^(?!\.{1,2}$)[^\\/:*?"<>|\x00-\x1f]+$/);

const filters = arrayOf(
  objectWith({
    name: { check: str(100) },
    extensions: { check: arrayOf(str(20, /^(\*|[A-Za-z0-9_.-]+)$/), 30) },
  }),
  20,
);

const pickFilesArgs = objectWith({
  title: { check: str(200), optional: true },
  filters: { check: filters, optional: true },
  multiple: { check: bool, optional: true },
});

const saveData: Check = (v, where) => {
  if (typeof v === 'string') {
    if (v.length > MAX_SAVE_BYTES) fail(where, `at most ${MAX_SAVE_BYTES} characters`);
  } else if (!(v instanceof Uint8Array) || v.byteLength > MAX_SAVE_BYTES)
    fail(where, `a string or bytes of at most ${MAX_SAVE_BYTES} bytes`);
};

const saveFileArgs = objectWith({
  suggestedName: { check: fileName },
  data: { check: saveData },
  filters: { check: filters, optional: true },
  title: { check: str(200), optional: true },
});

const themePreference: Check = (v, where) => {
  if (!THEME_PREFERENCES.includes(v as ThemePreference)) fail(where, `one of ${THEME_PREFERENCES.join(', ')}`);
};

/** JSON only (what JSON.stringify round-trips), bounded in depth so a hostile value cannot blow the stack. */
const json =
  (depth = 0): Check =>
  (v, where) => {
    if (depth > 64) fail(where, 'JSON nested at most 64 deep');
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(where, 'a finite number');
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => json(depth + 1)(x, `${where}[${i}]`));
    if (isPlainObject(v)) return Object.entries(v).forEach(([k, x]) => json(depth + 1)(x, `${where}.${k}`));
    fail(where, 'a JSON value');
  };

const workspaceFileEntry = objectWith({
  name: { check: str(MAX_NAME) },
  ref: {
    check: (v, where) => {
      if (v !== null) absolutePath(v, where);
    },
  },
  size: { check: intIn(0, Number.MAX_SAFE_INTEGER), optional: true },
});

const workspace = objectWith({
  format: {
    check: (v, where) => {
      if (v !== 'finops-workbench-workspace') fail(where, '"finops-workbench-workspace"');
    },
  },
  version: {
    check: (v, where) => {
      if (v !== 1) fail(where, 'version 1');
    },
  },
  savedAt: { check: (v, where) => void (typeof v === 'string' || fail(where, 'a timestamp string')) },
  files: { check: arrayOf(workspaceFileEntry, MAX_FILES) },
  state: { check: json() },
});

const noArgs: Check[] = [];

/** Per channel: one check per positional argument. */
const ARG_CHECKS: { [C in InvokeChannel]: Check[] } = {
  'files:pick': [pickFilesArgs],
  'files:read': [absolutePath, intIn(0, Number.MAX_SAFE_INTEGER), intIn(1, MAX_READ_CHUNK)],
  'files:stat': [absolutePath],
  'files:dropped': [arrayOf(absolutePath, MAX_FILES)],
  'files:startup': noArgs,
  'files:save': [saveFileArgs],
  'workspace:save': [objectWith({ workspace: { check: workspace }, saveAs: { check: bool } })],
  'workspace:open': noArgs,
  'workspace:last': noArgs,
  'recent:list': noArgs,
  'theme:get': noArgs,
  'theme:set': [themePreference],
};

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ARG_CHECKS, name);
}

/** Validates a call's arguments against the contract; throws IpcValidationError when they do not fit. */
export function validateArgs<C extends InvokeChannel>(channel: C, args: readonly unknown[]): ArgsOf<C> {
  if (!isInvokeChannel(channel)) throw new IpcValidationError(String(channel), 'unknown channel');
  const checks = ARG_CHECKS[channel];
  if (args.length !== checks.length)
    throw new IpcValidationError(channel, `expected ${checks.length} argument(s), got ${args.length}`);
  try {
    checks.forEach((check, i) => check(args[i], `arg${i}`));
  } catch (e) {
    throw new IpcValidationError(channel, (e as Error).message);
  }
  return args as ArgsOf<C>;
}

/** Parses workspace JSON text (a file on disk or localStorage) into a Workspace; throws a readable error. */
export function parseWorkspace(value: unknown): Workspace {
  try {
    workspace(value, 'workspace');
  } catch (e) {
    throw new Error(`Not a readable FinOps Workbench workspace: ${(e as Error).message}`, { cause: e });
  }
  return value as Workspace;
}

export function makeWorkspace(files: WorkspaceFileEntry[], state: JsonValue, now = new Date()): Workspace {
  return { format: 'finops-workbench-workspace', version: 1, savedAt: now.toISOString(), files, state };
}
