/**
 * Node edge of the ingest pipeline: a path on disk -> a LoadFileInput. Text files are registered
 * with the engine by path (read by handle, not copied); UTF-16 files are transcoded to UTF-8 in
 * JS and JSON files read into memory, since those need JS processing anyway; engines that read
 * files themselves (native DuckDB) get JSON by path too.
 */
import { openAsBlob } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../engine/engine';
import { UserError } from '../model/errors';
import { loadFile, type LoadFileInput, type LoadResult } from './pipeline';
import { initParquetNode, openParquetBlob } from './node-parquet';
import { isParquet } from './read-parquet';
import { isGzip } from './gzip';
import { pickRawReader } from './readers';
import { detectEncoding, HEAD_BYTES, isUtf16, transcodeUtf16 } from './text';

/** The first `n` bytes of a file on disk (fewer when it is shorter). */
export async function readHead(file: string, n = HEAD_BYTES): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Opens a local file for loadFile; `name` defaults to the base name. */
export async function openLocalFile(
  file: string,
  name = path.basename(file),
  engine?: Pick<Engine, 'nativeReaders'>,
): Promise<Pick<LoadFileInput, 'name' | 'source' | 'head' | 'blob'>> {
  let head: Uint8Array;
  try {
    head = await readHead(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
    throw new UserError(`${file}: cannot open (${why}): expected a readable file`, { file, expected: 'a readable file' });
  }
  if (isGzip(head)) {
    // Read by range through a Blob (head, check, JSON inflate); gzip CSV is registered by path and DuckDB decodes it streaming.
    await initParquetNode();
    return { name, source: { kind: 'path', path: path.resolve(file) }, head, blob: await openAsBlob(path.resolve(file)) };
  }
  const enc = detectEncoding(head);
  if (isUtf16(enc)) {
    const data = transcodeUtf16(await readFile(file), enc);
    return { name, source: { kind: 'buffer', data }, head: data.subarray(0, HEAD_BYTES) };
  }
  if (isParquet(head) && !engine?.nativeReaders) {
    // Parquet is read by byte ranges (footer, then one row group at a time): open by handle.
    await initParquetNode();
    return { name, source: { kind: 'blob', blob: await openParquetBlob(file) }, head };
  }
  const reader = pickRawReader(head, engine).id;
  if (reader === 'json-native') {
    // Registered by path for DuckDB; the Blob is for the byte pre-scan that bounds what DuckDB sees (json-bounds.ts).
    return { name, source: { kind: 'path', path: path.resolve(file) }, head, blob: await openAsBlob(path.resolve(file)) };
  }
  if (reader === 'json') {
    // JSON is parsed in JS on the wasm engines: read it whole.
    const data = new Uint8Array(await readFile(file));
    return { name, source: { kind: 'buffer', data }, head };
  }
  return { name, source: { kind: 'path', path: path.resolve(file) }, head };
}

/** loadFile on a local path; `opts.adapters` is the registry detection chooses from. */
export async function loadLocalFile(
  engine: Engine,
  file: string,
  opts: Omit<LoadFileInput, 'name' | 'source' | 'head'> & { name?: string },
): Promise<LoadResult> {
  const { name, ...rest } = opts;
  return loadFile(engine, { ...(await openLocalFile(file, name, engine)), ...rest });
}
