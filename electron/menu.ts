/**
 * The native application menu. Commands go to the renderer as 'menu:command' events; Open Recent
 * and the theme are handled in main. Built from plain data so it can be rebuilt when the recent
 * list or theme changes.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFile, ThemePreference } from '../src/host/ipc-contract.js';

export interface MenuActions {
  command(cmd: MenuCommand): void;
  openRecent(ref: string): void;
  clearRecent(): void;
  setTheme(pref: ThemePreference): void;
}

export function buildMenuTemplate(
  state: { recent: readonly RecentFile[]; theme: ThemePreference; isMac: boolean; appName: string },
  act: MenuActions,
): MenuItemConstructorOptions[] {
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => act.command(command),
  });
  const recentItems: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : [
          ...state.recent.map((r) => ({ label: r.name, toolTip: r.ref ?? undefined, click: () => act.openRecent(r.ref!) })),
          { type: 'separator' as const },
          { label: 'Clear Recent', click: () => act.clearRecent() },
        ];
  const theme = (label: string, pref: ThemePreference): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: state.theme === pref,
    click: () => act.setTheme(pref),
  });

  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        cmd('Open…', 'open-files', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        cmd('Open Workspace…', 'open-workspace', 'CmdOrCtrl+Shift+O'),
        cmd('Save Workspace', 'save-workspace', 'CmdOrCtrl+S'),
        cmd('Save Workspace As…', 'save-workspace-as', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        cmd('Export…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        state.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        cmd('Find…', 'find', 'CmdOrCtrl+F'),
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Theme', submenu: [theme('System', 'system'), theme('Light', 'light'), theme('Dark', 'dark')] },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [cmd(`About ${state.appName}`, 'show-about')] },
  ];
  if (state.isMac) template.unshift({ role: 'appMenu' });
  return template;
}
