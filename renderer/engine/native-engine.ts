/**
 * Starts the workspace on the host's native engine (src/engine-host/remote-engine.ts) over the
 * loopback channel of the server that served this page, or in Electron over the port to its utility
 * process; the canonical tables are created as for wasm.
 */
import { ensureCanonicalTables } from '../../src/engine/ddl';
import { createRemoteEngine, type RemoteEngine } from '../../src/engine-host/remote-engine';
import { fetchTransport } from '../../src/engine-host/fetch-transport';
import { portTransport } from '../../src/engine-host/port-transport';
import { electronEnginePort } from './electron-engine-port';
import type { EngineBootReport } from './start-engine';

/** `token`: the loopback channel's (browser fallback); null in Electron, where the engine is reached by its port. */
export async function bootNativeEngine(token: string | null, report: EngineBootReport): Promise<RemoteEngine> {
  const transport = token ? fetchTransport({ base: location.origin, token }) : portTransport(await electronEnginePort());
  const engine = createRemoteEngine(transport);
  const health = await engine.health();
  if (health.stopped) throw new Error('The native engine stopped: restart npm start');
  report.preparing();
  await ensureCanonicalTables(engine);
  return engine;
}
