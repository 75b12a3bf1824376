// Node worker thread that decodes Parquet row groups to Arrow IPC (see node-parquet.ts), so the
// next row group is decoded while the engine ingests the previous one. One worker serves every
// file of the process and stays warm between loads. Plain JavaScript: it is started by path from
// the CLI, the tests and the benchmark alike, none of which share a loader.
//
//   workerData: { wasmPath }; messages as in parquet-decode-core.mjs, `open` with { path }.
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import initParquetWasm from 'parquet-wasm/esm';
import { decodeMessages } from './parquet-decode-core.mjs';

const ready = readFile(workerData.wasmPath).then((wasm) => initParquetWasm({ module_or_path: wasm }));

parentPort.on(
  'message',
  decodeMessages(
    async (m) => {
      await ready;
      return openAsBlob(m.path);
    },
    (answer, transfer) => parentPort.postMessage(answer, transfer),
  ),
);
