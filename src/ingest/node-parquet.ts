/**
 * The Node edge of the Parquet reader: loads parquet-wasm's .wasm from node_modules and opens
 * files by handle (fs.openAsBlob reads byte ranges on demand, so a large file is never copied
 * into memory whole). Files of several row groups are decoded in a worker thread
 * (parquet-decode-worker.mjs), so decoding overlaps with the engine's ingest, as the renderer's
 * main thread overlaps with its engine worker.
 */
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../engine/engine';
import { PendingAnswers, type WorkerAnswer } from './worker-answers';
import { initParquet, ParquetReader, setOffThreadDecoding, type RowGroupDecoding } from './read-parquet';

const require = createRequire(import.meta.url);
const WASM = require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');

let loading: Promise<void> | null = null;

/** Instantiates parquet-wasm from the installed package (once per process). */
export function initParquetNode(): Promise<void> {
  loading ??= readFile(WASM).then((wasm) => initParquet(wasm));
  setOffThreadDecoding((blob, groups) => {
    const file = blobPaths.get(blob);
    return file && groups.length > 1 ? new WorkerDecoding(file) : null;
  });
  return loading;
}

/** Paths of the Blobs opened by openParquetBlob: the worker opens the same file itself. */
const blobPaths = new WeakMap<Blob, string>();

/** A Parquet file on disk as a Blob read by handle (decoded off-thread when it has several row groups). */
export async function openParquetBlob(file: string): Promise<Blob> {
  const abs = path.resolve(file);
  const blob = await openAsBlob(abs);
  blobPaths.set(blob, abs);
  return blob;
}

/** Row groups decoded by a worker thread, one request at a time, answered in order. */
class WorkerDecoding implements RowGroupDecoding {
  private readonly worker: Worker;
  private readonly answers = new PendingAnswers();

  constructor(file: string) {
    this.worker = new Worker(new URL('./parquet-decode-worker.mjs', import.meta.url), { workerData: { path: file, wasmPath: WASM } });
    // A reader left open must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (m: WorkerAnswer) => this.answers.answer(m));
    this.worker.on('error', (e: Error) => this.answers.failAll(e));
    this.worker.on('exit', () => this.answers.failAll(new Error('the Parquet decoder stopped')));
  }

  decode(group: number, batchSize: number): Promise<Uint8Array> {
    return this.answers.ask((id) => this.worker.postMessage({ id, group, batchSize }));
  }

  close(): void {
    void this.worker.terminate();
  }
}

/** Opens a Parquet file on disk; the reader's file name is the path as given. */
export async function openParquetFile(file: string): Promise<ParquetReader> {
  await initParquetNode();
  let blob: Blob;
  try {
    blob = await openParquetBlob(file);
  } catch (e) {
    throw new UserError(`${file}: cannot open (${(e as Error).message})`, { file });
  }
  return ParquetReader.open(blob, file);
}
