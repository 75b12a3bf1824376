/**
 * Header lookup: which of a file's columns an adapter reads. One rule for every adapter:
 *
 *   candidates are tried in order; for each candidate, the match levels of `match` are tried in
 *   order; the result is the first header (in file order) equal to the candidate at that level,
 *   spelled as the file spells it. No header matches: undefined.
 *
 * Levels: 'exact' (same spelling), 'case' (same ignoring case), 'key' (same headerKey: case,
 * edge spaces and separators folded, so `Invoice Item: SKU`, `invoice_item_sku` and
 * `invoice.item.sku` are one column).
 *
 * Cost adapters use CASE (exact spelling first, then case-insensitive): cloud exports rename
 * by case only. Billing adapters use KEY: flattened JSON (`data.value`) and CSV exports
 * (`data_value`) of the same record must map alike.
 */
export type MatchLevel = 'exact' | 'case' | 'key';
export type HeaderMatch = readonly MatchLevel[];

/** Exact spelling first, then ignoring case (cost exports). */
export const CASE: HeaderMatch = ['exact', 'case'];
/** Normalised keys only (billing exports): see headerKey. */
export const KEY: HeaderMatch = ['key'];

/** Normalised header key: lower case, separators (space, dash, dot, slash, colon, brackets) folded to `_`. */
export function headerKey(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s\-./:[\]]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const fold: Record<MatchLevel, (s: string) => string> = { exact: (s) => s, case: (s) => s.toLowerCase(), key: headerKey };

/** The first header matching any candidate under `match` (see the rule above), or undefined. */
export function findHeader(headers: readonly string[], candidates: string | readonly string[], match: HeaderMatch): string | undefined {
  const names = typeof candidates === 'string' ? [candidates] : candidates;
  const folded = new Map<MatchLevel, string[]>();
  for (const n of names) {
    for (const level of match) {
      let keys = folded.get(level);
      if (!keys) folded.set(level, (keys = headers.map(fold[level])));
      const i = keys.indexOf(fold[level](n));
      if (i >= 0) return headers[i];
    }
  }
  return undefined;
}

/** True when every group of candidates has a matching header. */
export function hasHeaders(headers: readonly string[], groups: readonly (string | readonly string[])[], match: HeaderMatch): boolean {
  return groups.every((g) => findHeader(headers, g, match) !== undefined);
}

/**
 * Required columns as the file spells them (the pipeline compares names exactly). Each entry may
 * list alternatives as 'a|b'; a missing column is reported under its first name.
 */
export function requiredHeaders(headers: readonly string[], names: readonly string[], match: HeaderMatch): string[] {
  return names.map((n) => {
    const alts = n.split('|');
    return findHeader(headers, alts, match) ?? alts[0];
  });
}
