/**
 * Starts the DuckDB-wasm worker engine at launch, in parallel with the first render, and reports
 * progress (download bytes, then compile) into the store. The canonical tables are created here so
 * every screen can query them even before a file is loaded.
 */
import { createBrowserEngine } from '../../src/engine/browser-engine';
import { ensureCanonicalTables } from '../../src/engine/ddl';
import type { Engine } from '../../src/engine/engine';
import { duckdbBundles } from './bundles';
import { initParquet, setOffThreadDecoding } from '../../src/ingest/read-parquet';
import { browserParquetDecoding } from './parquet-decoder';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { getState, setState } from '../app/store';

let starting: Promise<Engine> | null = null;

export function startEngine(): Promise<Engine> {
  if (starting) return starting;
  const startedAt = getState().engineStatus.startedAt;
  const progress = (loadedBytes: number, totalBytes: number) =>
    setState((s) => ({
      engineStatus: {
        ...s.engineStatus,
        stage: loadedBytes >= totalBytes && totalBytes > 0 ? 'Compiling the engine' : 'Loading the engine',
        loadedBytes,
        totalBytes,
      },
    }));
  starting = (async () => {
    // Parquet is decoded by parquet-wasm (DuckDB-wasm has no offline parquet extension).
    const parquet = initParquet(new URL(parquetWasm, document.baseURI));
    setOffThreadDecoding(browserParquetDecoding);
    const engine = await createBrowserEngine(duckdbBundles(), progress);
    await parquet;
    setState((s) => ({ engineStatus: { ...s.engineStatus, stage: 'Preparing tables' } }));
    await ensureCanonicalTables(engine);
    setState((s) => ({ engine, engineStatus: { ...s.engineStatus, status: 'ready', stage: 'Ready', readyAt: performance.now() } }));
    return engine;
  })();
  starting.catch((e: unknown) =>
    setState((s) => ({
      engineStatus: {
        ...s.engineStatus,
        status: 'failed',
        stage: 'The engine could not start',
        error: e instanceof Error ? e.message : String(e),
        startedAt,
      },
    })),
  );
  return starting;
}
