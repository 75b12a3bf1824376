/**
 * FINOPS_TRACE=1: each statement's wall time and its first 160 characters on stderr, and the rows a
 * query returned (where a run spends its time); FINOPS_TRACE=full: the whole statement. Node engines only.
 */
const mode = process.env.FINOPS_TRACE;
export const tracing = mode === '1' || mode === 'full';

export function traceStatement(ms: number, what: string, sql?: string, rows?: number): void {
  const head = mode === 'full' ? (sql ?? '') : (sql ?? '').replace(/\s+/g, ' ').slice(0, 160);
  process.stderr.write(`[trace] ${ms.toFixed(0).padStart(6)} ms ${what}${rows === undefined ? '' : ` (${rows} rows)`}: ${head}\n`);
}

/** `fn` timed and traced when tracing is on. */
export function traced<T>(what: string, sql: string, fn: () => T): T {
  if (!tracing) return fn();
  const t0 = performance.now();
  const out = fn();
  traceStatement(performance.now() - t0, what, sql, Array.isArray(out) ? out.length : undefined);
  return out;
}
