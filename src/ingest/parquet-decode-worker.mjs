// Node worker thread that decodes Parquet row groups to Arrow IPC (see node-parquet.ts), so the
// next row group is decoded while the engine ingests the previous one. One worker serves every
// file of the process and stays warm between loads. Plain JavaScript: it is started by path from
// the CLI, the tests and the benchmark alike, none of which share a loader.
//
//   workerData: { wasmPath }
//   message in:  { open, path } | { id, file, group, batchSize } | { close }
//   message out: { id, ipc } (ipc's buffer transferred) or { id, error }
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import initParquetWasm, { ParquetFile } from 'parquet-wasm/esm';

const ready = readFile(workerData.wasmPath).then((wasm) => initParquetWasm({ module_or_path: wasm }));
/** file id -> the opened file. */
const files = new Map();

// Requests run one at a time, in the order sent.
let queue = Promise.resolve();

parentPort.on('message', (m) => {
  queue = queue.then(async () => {
    if (m.open !== undefined) {
      files.set(m.open, ready.then(async () => ParquetFile.fromFile(await openAsBlob(m.path))));
      return;
    }
    if (m.close !== undefined) {
      const file = files.get(m.close);
      files.delete(m.close);
      await file?.then((f) => f.free(), () => {});
      return;
    }
    try {
      const file = files.get(m.file);
      if (!file) throw new Error('the file is not open');
      const ipc = (await (await file).read({ rowGroups: [m.group], batchSize: m.batchSize })).intoIPCStream();
      parentPort.postMessage({ id: m.id, ipc }, [ipc.buffer]);
    } catch (e) {
      parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
});
