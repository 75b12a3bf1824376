/** Node edge: instantiates parquet-wasm for the proposal exporter from the installed package. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initParquetWasm } from './export-parquet';

const require = createRequire(import.meta.url);

export async function initParquetWasmNode(): Promise<void> {
  await initParquetWasm(await readFile(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));
}
