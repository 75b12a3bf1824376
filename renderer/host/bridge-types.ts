/**
 * The types of the HostBridge (see bridge.ts, the renderer's one way to its host), apart from the
 * bridges that implement it so that they can import them.
 */
import type { FileFilter, MenuCommand, RecentFile, SaveResult, ThemePreference, Workspace } from '../../src/host/ipc-contract';
import type { TextFileIO } from '../../src/proposals/text-store';

/** A file the user opened (picked, dropped, reopened from a workspace or recent list). */
export interface HostFile {
  /** Base name, e.g. `focus_sample.csv`; for a file of a picked or dropped folder its path from the folder (`export/…/part_0_0001.csv.gz`). */
  readonly name: string;
  /** The picked or dropped folder this file is in (its name), when it came in one: the Data screen reads the folder's manifests. */
  readonly folder?: string;
  /** Size in bytes. */
  readonly size: number;
  /** Last-modified time, ms since epoch (0 when unknown). */
  readonly lastModified: number;
  /**
   * Stable reference to reopen the file later (workspaces, recent files): the absolute path in the
   * desktop app; null in the browser, where a file can only be read again after the user picks it.
   */
  readonly ref: string | null;
  /**
   * The content as a Blob. Register it with the engine by handle:
   * `engine.registerFile(name, { kind: 'blob', blob: await f.blob() })` (no copy into wasm memory).
   */
  blob(): Promise<Blob>;
  /** The whole content as bytes (small files: previews, header sniffing, workspaces). */
  bytes(): Promise<Uint8Array>;
  /** The whole content decoded as UTF-8. */
  text(): Promise<string>;
}

export interface PickFilesOptions {
  title?: string;
  filters?: FileFilter[];
  /** Allow several files (default true). */
  multiple?: boolean;
}

export interface SaveFileRequest {
  /** Suggested file name, e.g. `proposals-2026-01.csv`. */
  suggestedName: string;
  data: Uint8Array | string;
  /** MIME type for the browser download (default derived from the extension). */
  mimeType?: string;
  filters?: FileFilter[];
  title?: string;
}

export interface WorkspaceSaveOptions {
  /** Ask where to save even when the workspace already has a file (File > Save Workspace As…). */
  saveAs?: boolean;
}

export type Unsubscribe = () => void;

export interface HostBridge {
  readonly kind: 'electron' | 'browser';

  /** Shows the open dialog (Electron) or a file input (browser). Empty array when cancelled. */
  pickFiles(opts?: PickFilesOptions): Promise<HostFile[]>;
  /** Lets the user choose a folder (an export delivery): every file below it (folders.ts). Empty array when cancelled. */
  pickFolder(): Promise<HostFile[]>;
  /**
   * Files that arrive without the renderer asking: dropped on the window, chosen from File > Open
   * Recent, or passed on the command line. The bridge handles drag-and-drop on the window itself.
   */
  onFilesOpened(cb: (files: HostFile[]) => void): Unsubscribe;
  /** Files the host was asked to open at launch (command-line arguments); usually empty. */
  startupFiles(): Promise<HostFile[]>;
  /** Reads a file again by its ref (from a workspace or the recent list); null if unavailable. */
  reopenFile(ref: string): Promise<HostFile | null>;
  /**
   * Reopens the files of a workspace opened in this session, after the user confirmed the list
   * (aligned with `refs`; null for one the host refused or cannot find).
   */
  reopenFiles(refs: string[]): Promise<(HostFile | null)[]>;

  /** Native save dialog (Electron) or a download (browser). Null when the user cancelled. */
  saveFile(req: SaveFileRequest): Promise<SaveResult | null>;

  /** Saves the workspace (atomic write in Electron; localStorage + download on saveAs in browser). */
  saveWorkspace(ws: Workspace, opts?: WorkspaceSaveOptions): Promise<SaveResult | null>;
  /** Lets the user choose a workspace file and returns it parsed; null when cancelled. */
  openWorkspace(): Promise<Workspace | null>;
  /** The last saved workspace (to restore on start); null when there is none. */
  lastWorkspace(): Promise<Workspace | null>;

  recentFiles(): Promise<RecentFile[]>;

  /** Native menu commands (Electron); the browser host has no menu and never calls back. */
  onMenuCommand(cb: (cmd: MenuCommand) => void): Unsubscribe;

  getTheme(): Promise<ThemePreference>;
  setTheme(pref: ThemePreference): Promise<void>;
  /** Theme changes made outside the renderer (View menu). */
  onThemeChange(cb: (pref: ThemePreference) => void): Unsubscribe;

  /**
   * App-private storage that saves itself (review decisions and their audit log), by bare name
   * such as `review.json`: files in the app's data folder in Electron (atomic replace, flushed
   * append), localStorage in a browser. Survives reloads, crashes and closed windows.
   */
  readonly autosave: TextFileIO;
  /**
   * Warehouse passwords in the OS keychain (Electron's safeStorage, in main), by source name; null
   * in a browser, where the password is asked each session and held by the local server only.
   */
  readonly keychain: { store(source: string, password: string | null): Promise<void>; read(source: string): Promise<string | null> } | null;
}
