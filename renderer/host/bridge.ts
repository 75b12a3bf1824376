/**
 * HostBridge: the ONLY way the renderer talks to whatever hosts it. Two implementations:
 * - Electron (electron-bridge.ts) over the preload API `window.workbench` (native dialogs, menus,
 *   atomic workspace files, recent files remembered by the main process);
 * - browser (browser-bridge.ts) with file inputs, drag-and-drop, downloads and localStorage, so the
 *   very same renderer runs in plain Chromium (UI tests) and in a normal browser.
 * Nothing in here is Electron- or Node-specific: the renderer never sees Node.
 */
import type { WorkbenchApi } from '../../src/host/ipc-contract';
import type { HostBridge } from './bridge-types';
import { createElectronBridge } from './electron-bridge';
import { createBrowserBridge } from './browser-bridge';

export type { HostBridge, HostFile, PickFilesOptions, SaveFileRequest, Unsubscribe, WorkspaceSaveOptions } from './bridge-types';
export type {
  FileFilter,
  JsonValue,
  MenuCommand,
  RecentFile,
  SaveResult,
  ThemePreference,
  Workspace,
  WorkspaceFileEntry,
} from '../../src/host/ipc-contract';
export { makeWorkspace, parseWorkspace, THEME_PREFERENCES } from '../../src/host/ipc-contract';

let cached: HostBridge | undefined;

/**
 * The bridge for this page: Electron's when the preload exposed `window.workbench`, else the
 * browser's. One instance per page.
 */
export function getHostBridge(): HostBridge {
  if (!cached) {
    const api = (globalThis as { workbench?: WorkbenchApi }).workbench;
    cached = api ? createElectronBridge(api) : createBrowserBridge();
  }
  return cached;
}
