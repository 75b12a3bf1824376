/**
 * The engine channel over a MessagePort (Electron: the renderer talks straight to the utility
 * process that runs the native engine; main only hands out the two ends and forwards grants).
 * One message per request and per reply, matched by id; bytes travel as transferred ArrayBuffers.
 * Pure types and the message checks: shared by main, the utility process and the renderer.
 */
import type { EngineErrorReply, EngineRequest } from './engine-channel.js';

export interface PortRequest {
  id: number;
  req: EngineRequest;
  body?: Uint8Array;
}

export type PortReply = { id: number; ok: true; arrow?: Uint8Array; json?: unknown } | { id: number; ok: false; error: EngineErrorReply };

/** Main -> utility process control messages (on its parent port, never from the renderer). */
export type EngineControl =
  /** The port the renderer's end is paired with (in `ports[0]`). */
  | { type: 'engine-port' }
  /** A path the user chose in main's dialog (PathGuard granted it): the engine may read it. */
  | { type: 'grant'; path: string };

/** IPC channel main sends the renderer's port on; the preload passes it to the page as a window message of the same name. */
export const ENGINE_PORT_CHANNEL = 'engine:port';

export function isPortRequest(m: unknown): m is { id: number; req: unknown; body?: unknown } {
  return typeof m === 'object' && m !== null && Number.isSafeInteger((m as { id?: unknown }).id) && 'req' in m;
}

export function isEngineControl(m: unknown): m is EngineControl {
  if (typeof m !== 'object' || m === null) return false;
  const c = m as { type?: unknown; path?: unknown };
  return c.type === 'engine-port' || (c.type === 'grant' && typeof c.path === 'string');
}
