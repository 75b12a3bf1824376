/** Checks on the order a grid shows after sorting, from the displayed text alone. */

/** A displayed number ("1,234.50", "(12.00)", "−3", "45.2%") as an exact scaled bigint; null for "—". */
export function displayedNumber(text: string, scale = 18): bigint | null {
  const t = text.trim();
  if (t === '—' || t === '') return null;
  const negative = /^\(.*\)$/.test(t) || t.startsWith('−') || t.startsWith('-');
  const digits = t.replace(/[(),%−\-\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(digits)) throw new Error(`"${text}" is not a displayed number`);
  const [i, f = ''] = digits.split('.');
  const v = BigInt(i + f.padEnd(scale, '0').slice(0, scale));
  return negative ? -v : v;
}

/** Negative, zero or positive as `a` sorts before, with or after `b`; nulls after every value. */
export function compareDisplayed(a: string, b: string, numeric: boolean): number {
  const na = a === '—' || a === '';
  const nb = b === '—' || b === '';
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  if (!numeric) return a < b ? -1 : a > b ? 1 : 0;
  const x = displayedNumber(a)!;
  const y = displayedNumber(b)!;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The first place where column `col` of `rows` breaks the order, as a message; null when in order. */
export function orderBreak(rows: string[][], col: number, desc: boolean, numeric: boolean): string | null {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1][col];
    const b = rows[i][col];
    const c = compareDisplayed(a, b, numeric);
    // Nulls stay last in both directions (NULLS LAST).
    const nullFirst = (a === '—' || a === '') && b !== '—' && b !== '';
    if (nullFirst || (!(a === '—' || b === '—') && (desc ? c < 0 : c > 0))) return `row ${i}: "${a}" then row ${i + 1}: "${b}"`;
  }
  return null;
}

/** Rows as one string each, sorted: equal when two reads hold the same rows, each as often. */
export function rowMultiset(rows: string[][]): string[] {
  return rows.map((r) => r.join('\u241f')).sort();
}
