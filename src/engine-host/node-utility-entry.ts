/**
 * Entry of Electron's utility process for the native engine (bundled into
 * dist-electron/electron/engine-utility.mjs by scripts/build-electron.mjs, forked by
 * electron/engine-process.ts). Main sends the renderer's paired port and the paths the user chose;
 * the renderer's requests on that port are served by the locked-down native engine.
 */
import { isEngineControl } from '../host/engine-port';
import { startNativeService, type EngineService } from './node-engine-service';
import { GrantedPaths, servePort, type ServerPort } from './node-port-server';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports: ServerPort[] }) => void): void;
}

const parent = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parent) throw new Error('node-utility-entry runs in an Electron utility process only');
const grants = new GrantedPaths();
// DuckDB starts on the first request: a window on the default wasm engine costs only this process.
let started: Promise<EngineService> | null = null;
const start = () => (started ??= startNativeService(grants));
const service: EngineService = {
  handle: async (req, body) => (await start()).handle(req, body),
  close: async () => (started ? (await started).close() : undefined),
};
parent.on('message', (e) => {
  if (!isEngineControl(e.data)) return;
  if (e.data.type === 'grant') void grants.add(e.data.path).catch(() => undefined);
  else if (e.ports[0]) servePort(e.ports[0], service);
});
