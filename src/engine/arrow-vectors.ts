/**
 * Arrow column builders that never evaluate code. Arrow's own builders (vectorFromArray,
 * makeBuilder) compile their null check with `new Function`, which the app's CSP (no
 * 'unsafe-eval') forbids in the renderer; these build the buffers directly instead.
 */
import { arrow } from './arrow';

function validityBitmap(valid: (i: number) => boolean, length: number): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(((length + 63) >> 6) << 3);
  let nulls = 0;
  for (let i = 0; i < length; i++) {
    if (valid(i)) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return { bitmap, nulls };
}

/** Strings (null allowed) -> Utf8 vector. */
export function utf8Vector(values: readonly (string | null | undefined)[]): arrow.Vector {
  const enc = new TextEncoder();
  const parts = values.map((v) => (v === null || v === undefined ? null : enc.encode(v)));
  const offsets = new Int32Array(values.length + 1);
  let total = 0;
  parts.forEach((p, i) => {
    if (p) total += p.length;
    offsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  parts.forEach((p, i) => p && data.set(p, offsets[i]));
  const { bitmap, nulls } = validityBitmap((i) => parts[i] !== null, values.length);
  return arrow.makeVector(
    arrow.makeData({
      type: new arrow.Utf8(),
      length: values.length,
      nullCount: nulls,
      nullBitmap: nulls ? bitmap : undefined,
      valueOffsets: offsets,
      data,
    }),
  );
}

/** Booleans (no nulls) -> Bool vector. */
export function boolVector(values: readonly boolean[]): arrow.Vector {
  const { bitmap } = validityBitmap((i) => values[i], values.length);
  return arrow.makeVector(arrow.makeData({ type: new arrow.Bool(), length: values.length, nullCount: 0, data: bitmap }));
}

/** Typed arrays map to their Arrow types without a builder. */
export const int64Vector = (values: readonly bigint[]): arrow.Vector => arrow.makeVector(BigInt64Array.from(values));
export const int8Vector = (values: readonly number[]): arrow.Vector => arrow.makeVector(Int8Array.from(values));
export const float64Vector = (values: readonly number[]): arrow.Vector => arrow.makeVector(Float64Array.from(values));
