/**
 * Web Worker decoding Parquet row groups to Arrow IPC (see parquet-decoder.ts), so a large Parquet
 * load neither blocks the window nor waits: the next row group is decoded here while the engine
 * worker takes the previous one. One worker serves every file and stays warm between loads.
 * Messages as in src/ingest/parquet-decode-core.mjs, `open` with { blob, wasm } (a File/Blob,
 * cloned by handle, and the wasm URL).
 */
import initParquetWasm from 'parquet-wasm/esm';
import { decodeMessages } from '../../src/ingest/parquet-decode-core.mjs';

let ready: Promise<unknown> | null = null;

const onMessage = decodeMessages(
  async (m) => {
    ready ??= initParquetWasm({ module_or_path: m.wasm as string });
    await ready;
    return m.blob as Blob;
  },
  (answer, transfer) => (self as unknown as Worker).postMessage(answer, transfer ?? []),
);

self.onmessage = (ev: MessageEvent<object>) => onMessage(ev.data);
