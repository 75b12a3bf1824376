/**
 * The Node edge of the Parquet reader: loads parquet-wasm's .wasm from node_modules and opens
 * files by handle (fs.openAsBlob reads byte ranges on demand, so a large file is never copied
 * into memory whole).
 */
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../engine/engine';
import { initParquet, ParquetReader } from './read-parquet';

const require = createRequire(import.meta.url);

let loading: Promise<void> | null = null;

/** Instantiates parquet-wasm from the installed package (once per process). */
export function initParquetNode(): Promise<void> {
  loading ??= readFile(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')).then((wasm) => initParquet(wasm));
  return loading;
}

/** Opens a Parquet file on disk; the reader's file name is the path as given. */
export async function openParquetFile(file: string): Promise<ParquetReader> {
  await initParquetNode();
  let blob: Blob;
  try {
    blob = await openAsBlob(path.resolve(file));
  } catch (e) {
    throw new UserError(`${file}: cannot open (${(e as Error).message})`, { file });
  }
  return ParquetReader.open(blob, file);
}
