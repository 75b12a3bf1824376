import { Type, type Field, type Table } from './arrow';
import type { Row } from './engine';
import { formatDecimal } from '../model/money';

const TWO_64 = 1n << 64n;
const TWO_127 = 1n << 127n;
const TWO_128 = 1n << 128n;

/** Arrow Decimal words (little-endian uint32, two's complement) -> bigint. */
export function decimalWordsToBigInt(words: Uint32Array): bigint {
  let v = 0n;
  for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[i]);
  const bits = BigInt(words.length * 32);
  if (bits === 128n && v >= TWO_127) v -= TWO_128;
  else if (bits === 64n && v >= 1n << 63n) v -= TWO_64;
  return v;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function toMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'bigint') return Number(v);
  return Number(v);
}

/**
 * Field metadata key marking a Decimal(38,0) column that holds integers wider than 64 bits
 * (HUGEINT, UBIGINT from native DuckDB, node-native-ipc.ts): it reads back as an integer.
 */
export const INTEGER_FIELD = 'finops:integer';

const safeInteger = (b: bigint): number | bigint => (b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : b);

function convert(value: unknown, field: Field): unknown {
  if (value === null || value === undefined) return null;
  const t = field.type;
  switch (t.typeId) {
    case Type.Decimal: {
      const scale = (t as unknown as { scale: number }).scale;
      if (field.metadata.get(INTEGER_FIELD)) return safeInteger(decimalWordsToBigInt(value as Uint32Array));
      return formatDecimal(decimalWordsToBigInt(value as Uint32Array), scale);
    }
    case Type.Int:
    case Type.Int64:
    case Type.Uint64: {
      if (typeof value === 'bigint') {
        return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
      }
      if (value instanceof Uint32Array || value instanceof Int32Array) {
        // HUGEINT arrives as 4 words.
        const b = decimalWordsToBigInt(new Uint32Array(value.buffer, value.byteOffset, value.length));
        return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : b;
      }
      return value;
    }
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond:
      return isoDate(toMs(value));
    case Type.Timestamp:
    case Type.TimestampSecond:
    case Type.TimestampMillisecond:
    case Type.TimestampMicrosecond:
    case Type.TimestampNanosecond:
      return new Date(toMs(value)).toISOString();
    case Type.List:
    case Type.FixedSizeList: {
      const child = (t as unknown as { children: Field[] }).children[0];
      return Array.from(value as Iterable<unknown>, (v) => convert(v, child));
    }
    case Type.Struct: {
      const out: Row = {};
      const children = (t as unknown as { children: Field[] }).children;
      const obj = value as Record<string, unknown>;
      for (const c of children) out[c.name] = convert(obj[c.name], c);
      return out;
    }
    case Type.Map: {
      const [keyField, valueField] = (t as unknown as { children: Field[] }).children[0].type.children as Field[];
      const entries: [string, unknown][] = [];
      for (const [k, v] of value as Iterable<[unknown, unknown]>) entries.push([String(convert(k, keyField)), convert(v, valueField)]);
      return Object.fromEntries(entries);
    }
    default:
      return value;
  }
}

/** Arrow table -> plain rows with exact decimals (see the Row contract in engine.ts). */
export function tableToRows<T extends Row = Row>(table: Table): T[] {
  const fields = table.schema.fields;
  const cols = fields.map((f, i) => table.getChildAt(i));
  const out: T[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < fields.length; c++) row[fields[c].name] = convert(cols[c]?.get(r), fields[c]);
    out[r] = row as T;
  }
  return out;
}
