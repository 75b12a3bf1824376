/**
 * Gzip sources (`.csv.gz`, gzip JSON lines, a gzip Parquet file), decoded with the platform's own
 * DecompressionStream (native zlib in Node and Chromium), chunk by chunk from a Blob read by
 * handle. DuckDB reads gzip CSV itself, streaming, but does not notice a truncated stream (it
 * returns the rows before the cut): a gzip CSV is first checked end to end here (CRC and length,
 * nothing kept), so a cut or corrupt file is refused instead of loading part of a month.
 * Pure: works in Node and the browser.
 */
import type { LoadProgress } from '../engine/engine';
import { UserError } from '../model/errors';

/** True when the bytes start like a gzip member (RFC 1952 magic and deflate method). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

function unreadable(file: string, e: unknown): UserError {
  const why = e instanceof Error ? e.message.split('\n')[0].slice(0, 120) : String(e);
  return new UserError(`${file}: corrupt or truncated gzip data (${why}): expected a complete gzip file; download the file again`, {
    file,
    expected: 'a complete gzip file',
  });
}

/** The decompressed bytes of `blob`, chunk by chunk. */
async function* inflated(file: string, blob: Blob, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    for (;;) {
      if (signal?.aborted) throw new UserError(`${file}: load cancelled`, { file });
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (e) {
        throw unreadable(file, e);
      }
      if (step.done) return;
      yield step.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * The first `max` decompressed bytes (fewer when the file is shorter): what detection reads. A
 * stream that breaks after some output gives that output (checkGzip refuses the file later);
 * null when not one byte decodes (binary data that only starts like gzip).
 */
export async function gunzipHead(file: string, blob: Blob, max: number): Promise<Uint8Array | null> {
  const out = new Uint8Array(max);
  let n = 0;
  try {
    for await (const chunk of inflated(file, blob)) {
      const take = Math.min(chunk.length, max - n);
      out.set(chunk.subarray(0, take), n);
      n += take;
      if (n === max) break;
    }
  } catch (e) {
    if (n === 0) return null;
    if (!(e instanceof UserError) || e.details.expected !== 'a complete gzip file') throw e;
  }
  return out.subarray(0, n);
}

/** Reads the whole stream, keeping nothing: throws the one-line refusal if it is cut or corrupt. Returns the decompressed size. */
export async function checkGzip(
  file: string,
  blob: Blob,
  opts: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void } = {},
): Promise<number> {
  let n = 0;
  let reported = 0;
  for await (const chunk of inflated(file, blob, opts.signal)) {
    n += chunk.length;
    if (n - reported > 32 << 20) {
      reported = n;
      opts.onProgress?.({ stage: 'check', bytes: n });
    }
  }
  return n;
}

/** The size the gzip trailer states (ISIZE, modulo 2^32; of the last member only): a first guess for the output buffer. */
async function statedSize(blob: Blob): Promise<number> {
  if (blob.size < 18) return 0;
  const t = new DataView(await blob.slice(blob.size - 4).arrayBuffer());
  return t.getUint32(0, true);
}

/**
 * The whole decompressed content (for sources read whole anyway: JSON, UTF-16 text, Parquet),
 * written into one buffer sized from the trailer, so the content is not held twice while it grows.
 */
export async function gunzipAll(file: string, blob: Blob, signal?: AbortSignal): Promise<Uint8Array> {
  let out = new Uint8Array(Math.max(await statedSize(blob), 1 << 16));
  let n = 0;
  for await (const chunk of inflated(file, blob, signal)) {
    if (n + chunk.length > out.length) {
      const grown = new Uint8Array(Math.max(out.length * 2, n + chunk.length));
      grown.set(out.subarray(0, n));
      out = grown;
    }
    out.set(chunk, n);
    n += chunk.length;
  }
  return out.subarray(0, n);
}
