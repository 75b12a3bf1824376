/**
 * Off-thread Parquet decoding for the renderer: files of several row groups (or many rows) are
 * decoded in a Web Worker (parquet-decode.worker.ts) instead of the window's thread. Installed by
 * startEngine through read-parquet's setOffThreadDecoding.
 */
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { OffThreadDecoding, RowGroupDecoding } from '../../src/ingest/read-parquet';
import { PendingAnswers, type WorkerAnswer } from '../../src/ingest/worker-answers';

/** Files this small decode in the window's thread: starting a worker would cost more. */
const MIN_ROWS = 100_000;

export const browserParquetDecoding: OffThreadDecoding = (blob, groups) => {
  const rows = groups.reduce((a, b) => a + b, 0);
  return groups.length > 1 || rows >= MIN_ROWS ? new WorkerDecoding(blob) : null;
};

class WorkerDecoding implements RowGroupDecoding {
  private readonly worker = new Worker(new URL('./parquet-decode.worker.ts', import.meta.url), { type: 'module' });
  private readonly answers = new PendingAnswers();

  constructor(blob: Blob) {
    this.worker.onmessage = (ev: MessageEvent<WorkerAnswer>) => this.answers.answer(ev.data);
    this.worker.onerror = (ev) => this.answers.failAll(new Error(ev.message || 'the Parquet decoder stopped'));
    this.worker.postMessage({ blob, wasm: new URL(parquetWasm, document.baseURI).href });
  }

  decode(group: number, batchSize: number): Promise<Uint8Array> {
    return this.answers.ask((id) => this.worker.postMessage({ id, group, batchSize }));
  }

  close(): void {
    this.worker.terminate();
  }
}
