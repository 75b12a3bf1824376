// Node worker thread that decodes Parquet row groups to Arrow IPC (see node-parquet.ts), so the
// next row group is decoded while the engine ingests the previous one. Plain JavaScript: it is
// started by path from the CLI, the tests and the benchmark alike, none of which share a loader.
//
//   workerData: { path, wasmPath }
//   message in:  { id, group, batchSize }
//   message out: { id, ipc } (ipc's buffer transferred) or { id, error }
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import initParquetWasm, { ParquetFile } from 'parquet-wasm/esm';

const { path, wasmPath } = workerData;

const file = (async () => {
  await initParquetWasm({ module_or_path: await readFile(wasmPath) });
  return ParquetFile.fromFile(await openAsBlob(path));
})();

// One row group at a time, in the order asked.
let queue = Promise.resolve();

parentPort.on('message', ({ id, group, batchSize }) => {
  queue = queue.then(async () => {
    try {
      const decoded = await (await file).read({ rowGroups: [group], batchSize });
      const ipc = decoded.intoIPCStream();
      parentPort.postMessage({ id, ipc }, [ipc.buffer]);
    } catch (e) {
      parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
    }
  });
});
