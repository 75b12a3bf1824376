/** Exact division in SQL: DuckDB's DECIMAL division returns a DOUBLE, these stay on integers. */

/**
 * 100 × numerator / denominator at 2 decimals, rounded half away from zero, on HUGEINT: both
 * DECIMAL(38,18) values as integers of 10^-18 units, so no binary float is involved. Null when the
 * denominator is zero. Exact while |numerator| < 10^16 (beyond that DuckDB stops with an overflow).
 */
export function exactPercentSql(numerator: string, denominator: string): string {
  return exactQuotientSql(`(${numerator}) * 100`, denominator, 2);
}

/** Unscaled HUGEINT of a DECIMAL(38,18) expression: value × 10^18, exactly. */
function unscaled18(e: string): string {
  const v = `CAST(${e} AS DECIMAL(38,18))`;
  return `(CAST(trunc(${v}) AS HUGEINT) * CAST(1000000000000000000 AS HUGEINT) + CAST((${v} - trunc(${v})) * 1000000000000000000 AS HUGEINT))`;
}

/**
 * numerator / denominator as DECIMAL(38,scale), rounded once, half away from zero, computed on
 * integers (DuckDB's DECIMAL division returns a DOUBLE). Null when the denominator is zero or null.
 */
export function exactQuotientSql(numerator: string, denominator: string, scale: number): string {
  const n = unscaled18(numerator);
  const d = unscaled18(denominator);
  const pow = `CAST(${10n ** BigInt(scale)} AS HUGEINT)`;
  // q = (2·|n|·10^scale + |d|) // (2·|d|), with the sign of n·d.
  const q = `((2 * abs(${n}) * ${pow} + abs(${d})) // (2 * abs(${d})))`;
  return `CASE WHEN (${denominator}) IS NULL OR (${denominator}) = 0 THEN NULL
    ELSE CAST(CAST(sign(${n}) * sign(${d}) * ${q} AS DECIMAL(38,0)) * CAST(${scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`} AS DECIMAL(38,${scale})) AS DECIMAL(38,${scale})) END`;
}
