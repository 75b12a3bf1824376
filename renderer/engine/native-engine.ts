/**
 * Starts the workspace on the host's native engine (src/engine-host/remote-engine.ts) over the
 * loopback channel of the server that served this page; the canonical tables are created as for wasm.
 */
import { ensureCanonicalTables } from '../../src/engine/ddl';
import { createRemoteEngine, type RemoteEngine } from '../../src/engine-host/remote-engine';
import { fetchTransport } from '../../src/engine-host/fetch-transport';
import type { EngineBootReport } from './start-engine';

export async function bootNativeEngine(token: string, report: EngineBootReport): Promise<RemoteEngine> {
  const engine = createRemoteEngine(fetchTransport({ base: location.origin, token }));
  const health = await engine.health();
  if (health.stopped) throw new Error('The native engine stopped: restart npm start');
  report.preparing();
  await ensureCanonicalTables(engine);
  return engine;
}
