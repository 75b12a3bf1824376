/**
 * Web Worker decoding Parquet row groups to Arrow IPC (see parquet-decoder.ts), so a large Parquet
 * load neither blocks the window nor waits: the next row group is decoded here while the engine
 * worker takes the previous one.
 *
 *   first message: { blob, wasm }            the file (a File/Blob, cloned by handle) and the wasm URL
 *   then:          { id, group, batchSize } -> { id, ipc } (buffer transferred) or { id, error }
 */
import initParquetWasm, { ParquetFile } from 'parquet-wasm/esm';

let file: Promise<ParquetFile> | null = null;
let queue: Promise<void> = Promise.resolve();

interface Open {
  blob: Blob;
  wasm: string;
}
interface Decode {
  id: number;
  group: number;
  batchSize: number;
}

self.onmessage = (ev: MessageEvent<Open | Decode>) => {
  const m = ev.data;
  if ('blob' in m) {
    file = initParquetWasm({ module_or_path: m.wasm }).then(() => ParquetFile.fromFile(m.blob));
    return;
  }
  // One row group at a time, in the order asked.
  queue = queue.then(async () => {
    try {
      if (!file) throw new Error('no file opened');
      const ipc = (await (await file).read({ rowGroups: [m.group], batchSize: m.batchSize })).intoIPCStream();
      (self as unknown as Worker).postMessage({ id: m.id, ipc }, [ipc.buffer]);
    } catch (e) {
      (self as unknown as Worker).postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
};
