/**
 * A native DuckDB result as an Arrow IPC stream, for engines served to a renderer (the loopback
 * channel, the Electron utility process). Column types follow DuckDB's, so `tableToRows`
 * (values.ts) gives back exactly the rows the native engine gives (node-native-values.ts):
 * DECIMAL as Decimal128 words, dates as days, timestamps as milliseconds (the Row contract's
 * precision), nested types nested; integers wider than 64 bits as Decimal(38,0) marked
 * INTEGER_FIELD so they come back as numbers or bigints; anything else as the Row text.
 */
import { DuckDBDecimalValue, DuckDBTypeId, type DuckDBResultReader, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { arrow } from './arrow';
import { INTEGER_FIELD } from './values';
import { plainValue } from './node-native-values';

const TWO_128 = 1n << 128n;

function words(v: bigint): Uint32Array {
  let u = v < 0n ? v + TWO_128 : v;
  const out = new Uint32Array(4);
  for (let i = 0; i < 4; i++, u >>= 32n) out[i] = Number(u & 0xffffffffn);
  return out;
}

interface Mapped {
  type: arrow.DataType;
  metadata?: Map<string, string>;
  /** A native value (not null) -> what Arrow's builder of `type` takes. */
  value(v: DuckDBValue): unknown;
}

const asBigInt = (v: DuckDBValue) => BigInt(v as bigint | number);
const ms = (v: DuckDBValue) => Date.parse(plainValue(v) as string);

function mapType(t: DuckDBType): Mapped {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { type: new arrow.Bool(), value: (v) => v };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return { type: new arrow.Int32(), value: (v) => v };
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.BIGINT:
      return { type: new arrow.Int64(), value: asBigInt };
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return { type: new arrow.Decimal(0, 38, 128), metadata: new Map([[INTEGER_FIELD, 'true']]), value: (v) => words(asBigInt(v)) };
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return { type: new arrow.Float64(), value: (v) => v };
    case DuckDBTypeId.DECIMAL: {
      const d = t as unknown as { width: number; scale: number };
      return { type: new arrow.Decimal(d.scale, d.width, 128), value: (v) => words((v as DuckDBDecimalValue).value) };
    }
    case DuckDBTypeId.DATE:
      return { type: new arrow.DateDay(), value: ms };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { type: new arrow.TimestampMillisecond(), value: ms };
    case DuckDBTypeId.BLOB:
      return { type: new arrow.Binary(), value: (v) => plainValue(v) };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const child = mapType((t as unknown as { valueType: DuckDBType }).valueType);
      return {
        type: new arrow.List(new arrow.Field('item', child.type, true, child.metadata)),
        value: (v) => (v as unknown as { items: DuckDBValue[] }).items.map((x) => (x === null ? null : child.value(x))),
      };
    }
    case DuckDBTypeId.STRUCT: {
      const s = t as unknown as { entryNames: string[]; entryTypes: DuckDBType[] };
      const kids = s.entryTypes.map(mapType);
      return {
        type: new arrow.Struct(s.entryNames.map((n, i) => new arrow.Field(n, kids[i].type, true, kids[i].metadata))),
        value: (v) => {
          const e = (v as unknown as { entries: Record<string, DuckDBValue> }).entries;
          return Object.fromEntries(s.entryNames.map((n, i) => [n, e[n] === null ? null : kids[i].value(e[n])]));
        },
      };
    }
    case DuckDBTypeId.MAP: {
      const m = t as unknown as { keyType: DuckDBType; valueType: DuckDBType };
      const [k, val] = [mapType(m.keyType), mapType(m.valueType)];
      const entries = new arrow.Struct([new arrow.Field('key', k.type, false, k.metadata), new arrow.Field('value', val.type, true, val.metadata)]);
      return {
        type: new arrow.Map_(new arrow.Field('entries', entries, false)),
        value: (v) =>
          new Map(
            (v as unknown as { entries: { key: DuckDBValue; value: DuckDBValue }[] }).entries.map((e) => [
              k.value(e.key),
              e.value === null ? null : val.value(e.value),
            ]),
          ),
      };
    }
    default:
      // VARCHAR, ENUM, UUID, TIME, INTERVAL, BIT …: the text the Row contract gives.
      return { type: new arrow.Utf8(), value: (v) => String(plainValue(v)) };
  }
}

/** One column's values as a single Arrow Data (a builder, so nested types nest). */
function columnData(m: Mapped, values: readonly (DuckDBValue | null)[]): arrow.Data {
  const b = arrow.makeBuilder({ type: m.type, nullValues: [null, undefined] });
  for (const v of values) b.append(v === null ? null : m.value(v));
  return b.finish().flush();
}

/** The reader's rows (read them all first) as one Arrow IPC stream. */
export function resultToArrowIPC(reader: DuckDBResultReader): Uint8Array {
  const names = reader.columnNames();
  const columns = reader.getColumns();
  const mapped = names.map((_, c) => mapType(reader.columnType(c)));
  const fields = names.map((n, c) => new arrow.Field(n, mapped[c].type, true, mapped[c].metadata));
  const schema = new arrow.Schema(fields);
  const length = reader.currentRowCount;
  const children = mapped.map((m, c) => columnData(m, columns[c] ?? []));
  const batch = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(fields), length, nullCount: 0, children }));
  return arrow.tableToIPC(new arrow.Table(schema, [batch]), 'stream');
}
