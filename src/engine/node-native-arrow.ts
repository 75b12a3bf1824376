/**
 * Arrow IPC -> a native DuckDB table, for Engine.insertArrowIPC (the JS JSON reader stages its
 * records this way). Native DuckDB has no Arrow scan offline, so the IPC is decoded with the app's
 * Arrow copy and appended in DuckDB-sized chunks; only the flat types the readers produce are taken.
 */
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampValue,
  INTEGER,
  TIMESTAMP,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { arrow, Type, type Field } from './arrow';
import { ident } from './sql';
import { decimalWordsToBigInt } from './values';

/** DuckDB's vector size: one appended chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

interface Column {
  type: DuckDBType;
  sql: string;
  value(v: unknown): DuckDBValue;
}

const asNumber = (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as number));

function columnOf(table: string, f: Field): Column {
  const t = f.type as unknown as { typeId: Type; bitWidth?: number; precision?: number; scale?: number; unit?: number };
  switch (t.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      return { type: VARCHAR, sql: 'VARCHAR', value: (v) => v as string };
    case Type.Int:
      return (t.bitWidth ?? 32) > 32
        ? { type: BIGINT, sql: 'BIGINT', value: (v) => BigInt(v as bigint) }
        : { type: INTEGER, sql: 'INTEGER', value: (v) => asNumber(v) };
    case Type.Float:
      return { type: DOUBLE, sql: 'DOUBLE', value: (v) => asNumber(v) };
    case Type.Bool:
      return { type: BOOLEAN, sql: 'BOOLEAN', value: (v) => Boolean(v) };
    case Type.Decimal: {
      const [p, s] = [t.precision ?? 38, t.scale ?? 0];
      return { type: DECIMAL(p, s), sql: `DECIMAL(${p},${s})`, value: (v) => new DuckDBDecimalValue(decimalWordsToBigInt(v as Uint32Array), p, s) };
    }
    case Type.Date:
      return { type: DATE, sql: 'DATE', value: (v) => new DuckDBDateValue(Math.floor(asNumber(v instanceof Date ? v.getTime() : v) / 86_400_000)) };
    case Type.Timestamp:
      return {
        type: TIMESTAMP,
        sql: 'TIMESTAMP',
        value: (v) => new DuckDBTimestampValue(BigInt(Math.round(asNumber(v instanceof Date ? v.getTime() : v))) * 1000n),
      };
    default:
      throw new Error(`Loading ${table}: Arrow type ${String(f.type)} of column "${f.name}" is not supported by the native engine`);
  }
}

/** Creates (or appends to) `table` from an Arrow IPC stream. */
export async function appendArrowIPC(conn: DuckDBConnection, table: string, ipc: Uint8Array, create: boolean): Promise<void> {
  const t = arrow.tableFromIPC(ipc);
  const fields = t.schema.fields;
  const cols = fields.map((f) => columnOf(table, f));
  if (create) await conn.run(`CREATE TABLE ${ident(table)} (${fields.map((f, i) => `${ident(f.name)} ${cols[i].sql}`).join(', ')})`);
  const appender = await conn.createAppender(table);
  try {
    const vectors = fields.map((_, i) => t.getChildAt(i)!);
    for (let start = 0; start < t.numRows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, t.numRows - start);
      const chunk = DuckDBDataChunk.create(
        cols.map((c) => c.type),
        n,
      );
      cols.forEach((c, ci) => {
        const values: DuckDBValue[] = new Array(n);
        const vec = vectors[ci];
        for (let r = 0; r < n; r++) {
          const v = vec.get(start + r);
          values[r] = v === null || v === undefined ? null : c.value(v);
        }
        chunk.setColumnValues(ci, values);
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
