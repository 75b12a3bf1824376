/**
 * Web Worker decoding Parquet row groups to Arrow IPC (see parquet-decoder.ts), so a large Parquet
 * load neither blocks the window nor waits: the next row group is decoded here while the engine
 * worker takes the previous one. One worker serves every file and stays warm between loads.
 *
 *   { open, blob, wasm }               opens a file (a File/Blob, cloned by handle)
 *   { id, file, group, batchSize }  -> { id, ipc } (buffer transferred) or { id, error }
 *   { close }                          frees a file
 */
import initParquetWasm, { ParquetFile } from 'parquet-wasm/esm';

type Message = { open: number; blob: Blob; wasm: string } | { close: number } | { id: number; file: number; group: number; batchSize: number };

let ready: Promise<unknown> | null = null;
const files = new Map<number, Promise<ParquetFile>>();
// Requests run one at a time, in the order sent.
let queue: Promise<void> = Promise.resolve();

self.onmessage = (ev: MessageEvent<Message>) => {
  const m = ev.data;
  queue = queue.then(async () => {
    if ('open' in m) {
      ready ??= initParquetWasm({ module_or_path: m.wasm });
      files.set(m.open, ready.then(() => ParquetFile.fromFile(m.blob)));
      return;
    }
    if ('close' in m) {
      const file = files.get(m.close);
      files.delete(m.close);
      await file?.then((f) => f.free(), () => {});
      return;
    }
    try {
      const file = files.get(m.file);
      if (!file) throw new Error('the file is not open');
      const ipc = (await (await file).read({ rowGroups: [m.group], batchSize: m.batchSize })).intoIPCStream();
      (self as unknown as Worker).postMessage({ id: m.id, ipc }, [ipc.buffer]);
    } catch (e) {
      (self as unknown as Worker).postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
};
