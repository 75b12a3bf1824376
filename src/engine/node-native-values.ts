/**
 * Native DuckDB values -> the Row contract of engine.ts, the same plain values the wasm builds
 * give through Arrow (values.ts): exact decimal strings, safe integers as numbers, 'YYYY-MM-DD'
 * dates, ISO-8601 UTC timestamps (millisecond precision, as Arrow's getters give), plain
 * arrays/objects for LIST/STRUCT/MAP.
 */
import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBArrayValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { formatDecimal } from '../model/money';

const MS_PER_DAY = 86_400_000;

function safe(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

/** Floor division, so instants before 1970 round down to the millisecond as Arrow's do. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function isoFromMs(ms: bigint): string {
  return new Date(Number(ms)).toISOString();
}

function isoDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** One native value -> its Row form. */
export function plainValue(v: DuckDBValue): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? safe(v) : v;
  if (v instanceof DuckDBDecimalValue) return formatDecimal(v.value, v.scale);
  if (v instanceof DuckDBTimestampValue || v instanceof DuckDBTimestampTZValue) return isoFromMs(floorDiv(v.micros, 1000n));
  if (v instanceof DuckDBDateValue) return isoDate(v.days);
  if (v instanceof DuckDBTimestampSecondsValue) return isoFromMs(v.seconds * 1000n);
  if (v instanceof DuckDBTimestampMillisecondsValue) return isoFromMs(v.millis);
  if (v instanceof DuckDBTimestampNanosecondsValue) return isoFromMs(floorDiv(v.nanos, 1_000_000n));
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(plainValue);
  if (v instanceof DuckDBStructValue) return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, plainValue(x)]));
  if (v instanceof DuckDBMapValue) return Object.fromEntries(v.entries.map((e) => [String(plainValue(e.key)), plainValue(e.value)]));
  if (v instanceof DuckDBBlobValue) return v.bytes;
  return String(v);
}
