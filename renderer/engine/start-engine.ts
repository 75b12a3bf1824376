/**
 * Boots the DuckDB-wasm worker engine and reports its progress through the callbacks it is given
 * (the app turns them into the engine status in the store). The canonical tables are created here
 * so every screen can query them even before a file is loaded.
 */
import { createBrowserEngine } from '../../src/engine/browser-engine';
import { ensureCanonicalTables } from '../../src/engine/ddl';
import type { Engine } from '../../src/engine/engine';
import { duckdbBundles } from './bundles';
import { initParquet, setOffThreadDecoding } from '../../src/ingest/read-parquet';
import { browserParquetDecoding } from './parquet-decoder';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

export interface EngineBootReport {
  /** Bytes of the engine downloaded so far (it compiles once all are in). */
  progress(loadedBytes: number, totalBytes: number): void;
  /** The engine runs; the canonical tables are being created. */
  preparing(): void;
}

export async function bootEngine(report: EngineBootReport): Promise<Engine> {
  // Parquet is decoded by parquet-wasm (DuckDB-wasm has no offline parquet extension).
  const parquet = initParquet(new URL(parquetWasm, document.baseURI));
  setOffThreadDecoding(browserParquetDecoding);
  const engine = await createBrowserEngine(duckdbBundles(), (loaded, total) => report.progress(loaded, total));
  await parquet;
  report.preparing();
  await ensureCanonicalTables(engine);
  return engine;
}
