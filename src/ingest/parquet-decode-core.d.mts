/** See parquet-decode-core.mjs. `openFile` resolves an `open` message to the file's Blob (after any wasm setup). */
export function decodeMessages(
  openFile: (message: { open: number } & Record<string, unknown>) => Promise<Blob>,
  post: (answer: { id: number; ipc?: Uint8Array; error?: string }, transfer?: ArrayBuffer[]) => void,
): (message: object) => void;
