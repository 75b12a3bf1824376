/**
 * The raw readers, tried in order on a file's leading bytes; CSV is the fallback.
 * Add a reader with one import line and one entry (see raw.ts for the contract). Engines that
 * read files themselves (native DuckDB: `engine.nativeReaders`) get DuckDB's own Parquet reader;
 * CSV is read by DuckDB on every engine.
 */
import type { Engine } from '../engine/engine';
import type { RawReader } from './raw';
import { csvReader } from './read-csv';
import { jsonReader } from './read-json';
import { parquetReader } from './read-parquet';
import { nativeParquetReader } from './read-parquet-native';

export const rawReaders: RawReader[] = [parquetReader, jsonReader, csvReader];
// JSON stays with the JS reader on native DuckDB too: DuckDB's JSON detection crashes the process
// (segmentation fault) on nesting ~150,000 deep, which the JS reader refuses at 64 levels naming
// the row. read-json-native.ts is kept, tested against the JS reader, for when its input is bounded.
const nativeRawReaders: RawReader[] = [nativeParquetReader, jsonReader, csvReader];

export function pickRawReader(head: Uint8Array, engine?: Pick<Engine, 'nativeReaders'>): RawReader {
  return (engine?.nativeReaders ? nativeRawReaders : rawReaders).find((r) => r.sniff(head)) ?? csvReader;
}
