/**
 * Off-thread Parquet decoding for the renderer: files of several row groups (or many rows) are
 * decoded in a Web Worker (parquet-decode.worker.ts) instead of the window's thread; one worker
 * serves every load and stays warm. Installed by startEngine through read-parquet's
 * setOffThreadDecoding.
 */
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { OffThreadDecoding } from '../../src/ingest/read-parquet';
import { SharedDecodeWorker, type WorkerAnswer } from '../../src/ingest/worker-answers';

/** Files this small decode in the window's thread: starting a worker would cost more. */
const MIN_ROWS = 100_000;

let shared: SharedDecodeWorker | null = null;

/** The window's Parquet decode worker, started on first use (and again if it ever fails). */
function decodeWorker(): SharedDecodeWorker {
  if (shared) return shared;
  const worker = new Worker(new URL('./parquet-decode.worker.ts', import.meta.url), { type: 'module' });
  const s = new SharedDecodeWorker((m) => worker.postMessage(m));
  worker.onmessage = (ev: MessageEvent<WorkerAnswer>) => s.answer(ev.data);
  worker.onerror = (ev) => {
    if (shared === s) shared = null;
    s.failAll(new Error(ev.message || 'the Parquet decoder stopped'));
    worker.terminate();
  };
  shared = s;
  return s;
}

export const browserParquetDecoding: OffThreadDecoding = (blob, groups) => {
  const rows = groups.reduce((a, b) => a + b, 0);
  return groups.length > 1 || rows >= MIN_ROWS ? decodeWorker().open({ blob, wasm: new URL(parquetWasm, document.baseURI).href }) : null;
};
