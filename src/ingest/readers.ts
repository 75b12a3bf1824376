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
import { nativeJsonReader } from './read-json-native';
import { parquetReader } from './read-parquet';
import { nativeParquetReader } from './read-parquet-native';

export const rawReaders: RawReader[] = [parquetReader, jsonReader, csvReader];
// Native JSON reads JSON lines with DuckDB once a byte pre-scan has bounded them (json-bounds.ts:
// DuckDB's detection crashes on nesting ~150,000 deep); anything else goes to the JS reader.
const nativeRawReaders: RawReader[] = [nativeParquetReader, nativeJsonReader, csvReader];

export function pickRawReader(head: Uint8Array, engine?: Pick<Engine, 'nativeReaders'>): RawReader {
  return (engine?.nativeReaders ? nativeRawReaders : rawReaders).find((r) => r.sniff(head)) ?? csvReader;
}
