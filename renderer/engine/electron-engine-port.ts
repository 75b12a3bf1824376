/**
 * Electron: the port to the native engine's utility process, which main sends when the page asks
 * (engine:connect; the process starts then) and the preload passes on as a window message
 * (electron/engine-process.ts). Listened for from the start so the message is never missed.
 */
import { ENGINE_PORT_CHANNEL } from '../../src/host/engine-port';
import type { WorkbenchApi } from '../../src/host/ipc-contract';

const inElectron = typeof window !== 'undefined' && 'workbench' in window;
let resolvePort: (p: MessagePort) => void = () => undefined;
const port = new Promise<MessagePort>((r) => (resolvePort = r));
if (inElectron)
  window.addEventListener('message', (e) => {
    if (e.source === window && e.data === ENGINE_PORT_CHANNEL && e.ports[0]) resolvePort(e.ports[0]);
  });

/** True in the desktop app, whose main process runs the native engine. */
export const electronNativeEngine = inElectron;
let asked = false;
export const electronEnginePort = (): Promise<MessagePort> => {
  if (!asked) {
    asked = true;
    void (globalThis as { workbench?: WorkbenchApi }).workbench?.connectEngine();
  }
  return port;
};
