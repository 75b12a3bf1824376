/**
 * DuckDB-wasm bundle files, imported as asset URLs so Vite copies them into dist/: the app never
 * fetches the engine from a CDN and works offline from a custom scheme or file://.
 */
import type { BrowserBundles } from '../../src/engine/browser-engine';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';

/** Absolute URLs: the worker resolves them against its own location otherwise. */
function abs(url: string): string {
  return new URL(url, document.baseURI).href;
}

export function duckdbBundles(): BrowserBundles {
  return {
    mvp: { mainModule: abs(mvpWasm), mainWorker: abs(mvpWorker) },
    eh: { mainModule: abs(ehWasm), mainWorker: abs(ehWorker) },
  };
}
