/**
 * Electron: the port to the native engine's utility process, which main sends after the page
 * loaded and the preload passes on as a window message (electron/engine-process.ts). Listened for
 * from the start so the message is never missed.
 */
import { ENGINE_PORT_CHANNEL } from '../../src/host/engine-port';

const inElectron = typeof window !== 'undefined' && 'workbench' in window;
let resolvePort: (p: MessagePort) => void = () => undefined;
const port = new Promise<MessagePort>((r) => (resolvePort = r));
if (inElectron)
  window.addEventListener('message', (e) => {
    if (e.source === window && e.data === ENGINE_PORT_CHANNEL && e.ports[0]) resolvePort(e.ports[0]);
  });

/** True in the desktop app, whose main process runs the native engine. */
export const electronNativeEngine = inElectron;
export const electronEnginePort = (): Promise<MessagePort> => port;
