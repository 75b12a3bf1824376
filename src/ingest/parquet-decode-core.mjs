// The message loop shared by the Parquet decode workers (parquet-decode-worker.mjs in Node,
// renderer/engine/parquet-decode.worker.ts in the window). Plain JavaScript so the Node worker,
// started by path without a TypeScript loader, can import it. Each worker supplies how to open a
// file from its `open` message and how to post an answer.
//
//   { open, ...source }               opens a file under the id `open`
//   { id, file, group, batchSize } -> { id, ipc } (buffer transferred) or { id, error }
//   { close }                         frees a file
import { ParquetFile } from 'parquet-wasm/esm';

export function decodeMessages(openFile, post) {
  /** file id -> the opened file. */
  const files = new Map();
  // Requests run one at a time, in the order sent.
  let queue = Promise.resolve();
  return (m) => {
    queue = queue.then(async () => {
      if (m.open !== undefined) {
        files.set(
          m.open,
          openFile(m).then((blob) => ParquetFile.fromFile(blob)),
        );
        return;
      }
      if (m.close !== undefined) {
        const file = files.get(m.close);
        files.delete(m.close);
        await file?.then(
          (f) => f.free(),
          () => {},
        );
        return;
      }
      try {
        const file = files.get(m.file);
        if (!file) throw new Error('the file is not open');
        const ipc = (await (await file).read({ rowGroups: [m.group], batchSize: m.batchSize })).intoIPCStream();
        post({ id: m.id, ipc }, [ipc.buffer]);
      } catch (e) {
        post({ id: m.id, error: e instanceof Error ? e.message : String(e) });
      }
    });
  };
}
