/**
 * Origin and sender rules: the renderer is served from app://workbench/ only, and IPC is answered
 * only for the main frame of our own window showing a page of that origin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` is a page of the app's own origin (not file:, http:, devtools:, another host). */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** What main knows about who sent an IPC message. */
export interface SenderInfo {
  /** URL of the frame that sent it (event.senderFrame.url); null if the frame is gone. */
  frameUrl: string | null;
  /** Whether that frame is the top frame (no parent). */
  isMainFrame: boolean;
  /** webContents id of the sender. */
  webContentsId: number;
}

export class UntrustedSenderError extends Error {
  constructor(channel: string, why: string) {
    super(`IPC ${channel}: refused, ${why}`);
    this.name = 'UntrustedSenderError';
  }
}

/** Throws unless the sender is the main frame of one of our windows showing an app:// page. */
export function assertTrustedSender(channel: string, sender: SenderInfo, ourWebContents: ReadonlySet<number>): void {
  if (!ourWebContents.has(sender.webContentsId)) throw new UntrustedSenderError(channel, 'unknown window');
  if (!sender.isMainFrame) throw new UntrustedSenderError(channel, 'sent from a sub-frame');
  if (sender.frameUrl === null || !isAppUrl(sender.frameUrl))
    throw new UntrustedSenderError(channel, `sender page ${sender.frameUrl ?? '(gone)'} is not ${APP_ORIGIN}`);
}

/**
 * The only web permission the app grants: writing plain text to the clipboard (copying cells from
 * a grid), and only to our own pages. Camera, notifications, geolocation, clipboard reads, HID,
 * serial ... are all refused.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}
