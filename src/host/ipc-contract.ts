/**
 * The typed IPC contract between the renderer (through the preload) and the main process: every
 * channel, its argument and result types, and the validator main runs on the arguments before
 * doing anything. Nothing else may call ipcMain.handle / ipcRenderer.invoke with a literal name.
 *
 * This file is pure (no electron, no node imports; valibot only): the preload bundles it, main
 * imports it, and the renderer imports its types (and the workspace parser) through
 * renderer/host/bridge.ts. It sits in src/host/ because the shell and the renderer may both
 * import it (.dependency-cruiser.cjs).
 */
import * as v from 'valibot';

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
export type MenuCommand = 'open-files' | 'open-workspace' | 'save-workspace' | 'save-workspace-as' | 'export' | 'find' | 'show-about';

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
  /**
   * Reopens files a workspace opened in this session lists, after the user confirmed the list in
   * the renderer; paths no opened workspace listed, and non-data files, come back null.
   */
  'files:reopen': { args: [refs: string[]]; result: (HostFileInfo | null)[] };
  /** Paths of files dropped on the window (from webUtils.getPathForFile in the preload). */
  'files:dropped': { args: [paths: string[]]; result: (HostFileInfo | null)[] };
  /** Files named on the command line at launch. */
  'files:startup': { args: []; result: HostFileInfo[] };
  /** Native save dialog, then writes the bytes there. Null when cancelled. */
  'files:save': { args: [req: SaveFileArgs]; result: SaveResult | null };
  'workspace:save': { args: [req: SaveWorkspaceArgs]; result: SaveResult | null };
  /** Native open dialog for a workspace file. Its files stay unreadable until 'files:reopen'. */
  'workspace:open': { args: []; result: Workspace | null };
  'workspace:last': { args: []; result: Workspace | null };
  'recent:list': { args: []; result: RecentFile[] };
  'theme:get': { args: []; result: ThemePreference };
  'theme:set': { args: [pref: ThemePreference]; result: void };
  /**
   * App-private autosave files (the review workspace and its audit log) in the app's data folder:
   * read (null when absent), replace atomically, append and flush. Names are bare (AUTOSAVE_NAME).
   */
  'autosave:read': { args: [name: string]; result: string | null };
  'autosave:write': { args: [name: string, text: string]; result: void };
  'autosave:append': { args: [name: string, text: string]; result: void };
  /**
   * Pairs the page with the native engine (electron/engine-process.ts): the utility process starts
   * on the first call, so a workspace on the in-app engine never starts it. The port arrives as
   * a window message.
   */
  'engine:connect': { args: []; result: void };
  /**
   * A warehouse source's password, kept in the OS keychain (Electron's safeStorage, in main) under
   * the source's name (its settings without a password): stored, or forgotten with null. Never in
   * a workspace or autosave file in the clear.
   */
  'warehouse:storePassword': { args: [source: string, password: string | null]; result: void };
  /** The stored password of a source, for this session's engine; null when none is stored. */
  'warehouse:password': { args: [source: string]; result: string | null };
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
  'files:reopen',
  'files:dropped',
  'files:startup',
  'files:save',
  'workspace:save',
  'workspace:open',
  'workspace:last',
  'recent:list',
  'theme:get',
  'theme:set',
  'autosave:read',
  'autosave:write',
  'autosave:append',
  'engine:connect',
  'warehouse:storePassword',
  'warehouse:password',
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
  reopenFiles(refs: string[]): Promise<(HostFileInfo | null)[]>;
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
  autosaveRead(name: string): Promise<string | null>;
  autosaveWrite(name: string, text: string): Promise<void>;
  autosaveAppend(name: string, text: string): Promise<void>;
  /** Asks main for a port to the native engine (sent back as a window message). */
  connectEngine(): Promise<void>;
  storeWarehousePassword(source: string, password: string | null): Promise<void>;
  warehousePassword(source: string): Promise<string | null>;
  onMenuCommand(cb: (cmd: MenuCommand) => void): () => void;
  onFilesOpened(cb: (files: HostFileInfo[]) => void): () => void;
  onThemeChanged(cb: (pref: ThemePreference) => void): () => void;
}

// ---------------------------------------------------------------------------------------------
// Validators (valibot schemas): main runs these on every incoming call; a failure rejects the call
// unanswered. Each schema's message says what was expected.

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
const MAX_JSON_DEPTH = 64;

/**
 * `where.path: expected ...` for the first problem, e.g. `arg0.files.0.ref: expected an absolute path`.
 * (src/model/schema-error.ts words file errors; the shell's NodeNext build cannot import it.)
 */
function problemLine(issues: readonly v.BaseIssue<unknown>[], where: string): string {
  const path = v.getDotPath(issues[0]);
  return `${path ? `${where}.${path}` : where}: expected ${issues[0].message}`;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

/** A plain object with exactly these fields (a class instance or an extra field is refused). */
const objectWith = <E extends v.ObjectEntries>(entries: E) =>
  v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'an object'),
    v.strictObject(entries, (i) => (i.expected === 'never' ? 'no such field' : 'a value')),
  );

const str = (max: number) => {
  const message = `a non-empty string of at most ${max} characters`;
  return v.pipe(v.string(message), v.minLength(1, message), v.maxLength(max, message), v.excludes('\0', message));
};

const matching = (max: number, pattern: RegExp) => v.pipe(str(max), v.regex(pattern, `a string matching ${pattern}`));

const intIn = (min: number, max: number) => {
  const message = `an integer from ${min} to ${max}`;
  return v.pipe(v.number(message), v.safeInteger(message), v.minValue(min, message), v.maxValue(max, message));
};

const bool = v.boolean('true or false');

const arrayOf = <S extends v.GenericSchema>(item: S, max: number) =>
  v.pipe(v.array(item, `a list of at most ${max} items`), v.maxLength(max, `a list of at most ${max} items`));

/**
 * Why a path is not a plain local absolute path, or null when it is one: POSIX `/…` or a Windows
 * drive `C:\…`. UNC (`\\host\share`, `//host/share`) and device paths (`\\.\`, `\\?\`) are refused
 * here, before anything touches the disk: resolving them would open a network connection (SMB) or
 * reach a raw device. `..` segments are refused too (a granted path never needs one).
 */
export function localPathProblem(path: string): string | null {
  if (/^[\\/]{2}/.test(path)) return /^[\\/]{2}[.?][\\/]/.test(path) ? 'a device path' : 'a network (UNC) path';
  if (!/^(\/|[A-Za-z]:[\\/])/.test(path)) return 'not an absolute path';
  if (path.split(/[\\/]+/).includes('..')) return 'path contains ".."';
  return null;
}

/** A local absolute path (localPathProblem); the path guard then decides whether it may be read. */
const absolutePath = v.pipe(
  str(MAX_PATH),
  v.check((p) => localPathProblem(p) === null, 'a local absolute path (no network, device or ".." path)'),
);

/** A bare file name: no directories, no traversal, no characters invalid on Windows. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it rejects
const fileName = matching(MAX_NAME, /^(?!\.{1,2}$)[^\\/:*?"<>|\x00-\x1f]+$/);

const filters = arrayOf(objectWith({ name: str(100), extensions: arrayOf(matching(20, /^(\*|[A-Za-z0-9_.-]+)$/), 30) }), 20);

const pickFilesArgs = objectWith({ title: v.optional(str(200)), filters: v.optional(filters), multiple: v.optional(bool) });

const saveData = v.union(
  [
    v.pipe(v.string(), v.maxLength(MAX_SAVE_BYTES)),
    v.pipe(
      v.instance(Uint8Array),
      v.check((b) => b.byteLength <= MAX_SAVE_BYTES),
    ),
  ],
  `a string or bytes of at most ${MAX_SAVE_BYTES} bytes`,
);

const saveFileArgs = objectWith({ suggestedName: fileName, data: saveData, filters: v.optional(filters), title: v.optional(str(200)) });

const themePreference = v.picklist(THEME_PREFERENCES, `one of ${THEME_PREFERENCES.join(', ')}`);

/**
 * JSON only (what JSON.stringify round-trips: finite numbers, plain objects), bounded in depth so a
 * hostile value cannot blow the stack: one schema per level, the deepest accepting nothing. Each
 * level picks its schema by the value's type (a union would try and fail every other branch).
 */
const notJson = v.never('a JSON value');
const scalar = v.union([v.null(), v.string(), v.boolean()], 'a JSON value');
const finiteNumber = v.pipe(v.number('a finite number'), v.finite('a finite number'));
const jsonAtDepth: v.GenericSchema<unknown, JsonValue>[] = [v.never(`JSON nested at most ${MAX_JSON_DEPTH} deep`)];
for (let d = 0; d <= MAX_JSON_DEPTH; d++) {
  const list = v.array(jsonAtDepth[0]);
  const object = v.record(v.string(), jsonAtDepth[0]);
  jsonAtDepth.unshift(
    v.lazy((x) => {
      if (typeof x === 'number') return finiteNumber;
      if (typeof x !== 'object' || x === null) return scalar;
      return Array.isArray(x) ? list : isPlainObject(x) ? object : notJson;
    }),
  );
}
const json = jsonAtDepth[0];

const workspaceFileEntry = objectWith({
  name: str(MAX_NAME),
  ref: v.nullable(absolutePath),
  size: v.optional(intIn(0, Number.MAX_SAFE_INTEGER)),
});

const workspace = objectWith({
  format: v.literal('finops-workbench-workspace', '"finops-workbench-workspace"'),
  version: v.literal(1, 'version 1'),
  savedAt: v.string('a timestamp string'),
  files: arrayOf(workspaceFileEntry, MAX_FILES),
  state: json,
});

/** An autosave file name: no directories, no traversal (main joins it to its own folder). */
export const AUTOSAVE_NAME = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.(json|jsonl)$/;
const autosaveName = matching(64, AUTOSAVE_NAME);
const autosaveText = v.pipe(
  v.string(`a string of at most ${MAX_SAVE_BYTES} characters`),
  v.maxLength(MAX_SAVE_BYTES, `a string of at most ${MAX_SAVE_BYTES} characters`),
);

/** A warehouse source's name as the keychain entry's key (describeSource: clickhouse://user@host:port/db, chdb://path?database=db). */
export const WAREHOUSE_SOURCE_KEY = /^(clickhouse:\/\/[\w.@-]+@[\w.-]+:\d{1,5}\/[A-Za-z_][\w.]*|chdb:\/\/[^\0]*\?database=[A-Za-z_][\w.]*)$/;
const warehouseSourceKey = matching(MAX_PATH, WAREHOUSE_SOURCE_KEY);
const warehousePassword = v.nullable(str(4096));

/** Per channel: one schema per positional argument. */
const ARG_SCHEMAS: { [C in InvokeChannel]: v.GenericSchema[] } = {
  'files:pick': [pickFilesArgs],
  'files:read': [absolutePath, intIn(0, Number.MAX_SAFE_INTEGER), intIn(1, MAX_READ_CHUNK)],
  'files:stat': [absolutePath],
  'files:reopen': [arrayOf(absolutePath, MAX_FILES)],
  'files:dropped': [arrayOf(absolutePath, MAX_FILES)],
  'files:startup': [],
  'files:save': [saveFileArgs],
  'workspace:save': [objectWith({ workspace, saveAs: bool })],
  'workspace:open': [],
  'workspace:last': [],
  'recent:list': [],
  'theme:get': [],
  'theme:set': [themePreference],
  'autosave:read': [autosaveName],
  'autosave:write': [autosaveName, autosaveText],
  'autosave:append': [autosaveName, autosaveText],
  'engine:connect': [],
  'warehouse:storePassword': [warehouseSourceKey, warehousePassword],
  'warehouse:password': [warehouseSourceKey],
};

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ARG_SCHEMAS, name);
}

/** Validates a call's arguments against the contract; throws IpcValidationError when they do not fit. */
export function validateArgs<C extends InvokeChannel>(channel: C, args: readonly unknown[]): ArgsOf<C> {
  if (!isInvokeChannel(channel)) throw new IpcValidationError(String(channel), 'unknown channel');
  const schemas = ARG_SCHEMAS[channel];
  if (args.length !== schemas.length) throw new IpcValidationError(channel, `expected ${schemas.length} argument(s), got ${args.length}`);
  schemas.forEach((schema, i) => {
    const r = v.safeParse(schema, args[i], { abortEarly: true });
    if (!r.success) throw new IpcValidationError(channel, problemLine(r.issues, `arg${i}`));
  });
  return args as ArgsOf<C>;
}

/** Parses workspace JSON text (a file on disk or localStorage) into a Workspace; throws a readable error. */
export function parseWorkspace(value: unknown): Workspace {
  const r = v.safeParse(workspace, value, { abortEarly: true });
  if (!r.success) {
    const what = problemLine(r.issues, 'workspace');
    throw new Error(`Not a readable FinOps Workbench workspace: ${what}`, { cause: new Error(what) });
  }
  return value as Workspace;
}

export function makeWorkspace(files: WorkspaceFileEntry[], state: JsonValue, now = new Date()): Workspace {
  return { format: 'finops-workbench-workspace', version: 1, savedAt: now.toISOString(), files, state };
}
