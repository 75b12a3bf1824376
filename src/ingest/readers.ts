/**
 * The raw readers, tried in order on a file's leading bytes; CSV is the fallback.
 * Add a reader with one import line and one entry (see raw.ts for the contract).
 */
import type { RawReader } from './raw';
import { csvReader } from './read-csv';
import { jsonReader } from './read-json';
import { parquetReader } from './read-parquet';

export const rawReaders: RawReader[] = [parquetReader, jsonReader, csvReader];

export function pickRawReader(head: Uint8Array): RawReader {
  return rawReaders.find((r) => r.sniff(head)) ?? csvReader;
}
