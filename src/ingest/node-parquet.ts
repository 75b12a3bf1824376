/**
 * The Node edge of the Parquet reader: loads parquet-wasm's .wasm from node_modules and opens
 * files by handle (fs.openAsBlob reads byte ranges on demand, so a large file is never copied
 * into memory whole). Files of several row groups are decoded in a worker thread
 * (parquet-decode-worker.mjs, one per process, warm between loads), so decoding overlaps with the
 * engine's ingest, as the renderer's decode worker overlaps with its engine worker.
 */
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../model/errors';
import { SharedDecodeWorker, type WorkerAnswer } from './worker-answers';
import { initParquet, ParquetReader, setOffThreadDecoding } from './read-parquet';

const require = createRequire(import.meta.url);
const WASM = require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');

let loading: Promise<void> | null = null;

/** Instantiates parquet-wasm from the installed package (once per process). */
export function initParquetNode(): Promise<void> {
  loading ??= readFile(WASM).then((wasm) => initParquet(wasm));
  setOffThreadDecoding((blob, groups) => {
    const file = blobPaths.get(blob);
    return file && groups.length > 1 ? decodeWorker().open({ path: file }) : null;
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

let shared: SharedDecodeWorker | null = null;

/** The process's Parquet decode worker, started on first use (and again if it ever stops). */
function decodeWorker(): SharedDecodeWorker {
  if (shared) return shared;
  const worker = new Worker(new URL('./parquet-decode-worker.mjs', import.meta.url), { workerData: { wasmPath: WASM } });
  // The worker keeps the process alive only while a decode is open: an idle decoder must not.
  const s = new SharedDecodeWorker(
    (m) => worker.postMessage(m),
    (busy) => (busy ? worker.ref() : worker.unref()),
  );
  const fail = (e: Error) => {
    if (shared === s) shared = null;
    s.failAll(e);
  };
  worker.on('message', (m: WorkerAnswer) => s.answer(m));
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('the Parquet decoder stopped')));
  // After the listeners: adding a 'message' listener refs the worker again.
  worker.unref();
  shared = s;
  return s;
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
