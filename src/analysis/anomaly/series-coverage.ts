/**
 * Where a series has data at all. Each loaded file covers a stretch of time for a scope (cost:
 * provider × billing account; usage: event source; billed: the ledger): outside it nothing is
 * known, so a missing bucket there is missing, not zero, and a file that starts or ends is not a
 * spike or a drop. A series is read only where the scopes it draws on cover it; where that set of
 * scopes changes (another account's export starts, a month of files is absent) a new segment
 * starts with a baseline of its own.
 */

/** Bucket indexes [first, last] (inclusive) one scope's file covers on the common timeline. */
export interface ScopeSpan {
  scope: string;
  first: number;
  last: number;
}

/** One stretch of a series read against one set of scopes: `missing` buckets inside it are gaps. */
export interface Segment {
  first: number;
  last: number;
  missing: number[];
}

// A gap of up to a week inside one set of scopes is a late or lost file: keep one baseline and
// leave the gap's buckets empty. A longer gap starts over.
export const MAX_GAP_BUCKETS: Record<'day' | 'hour', number> = { day: 7, hour: 7 * 24 };

/**
 * Splits the buckets a series' scopes cover into segments. `spans` are the files of the scopes
 * the series has rows in; buckets covered by no span are gaps.
 */
export function coverageSegments(spans: readonly ScopeSpan[], maxGap: number): Segment[] {
  if (spans.length === 0) return [];
  const first = Math.min(...spans.map((s) => s.first));
  const last = Math.max(...spans.map((s) => s.last));
  // The set of scopes covering each bucket, as a sorted key (null = nothing covers it).
  const cover: (string | null)[] = new Array(last - first + 1);
  const sets: Set<string>[] = Array.from({ length: last - first + 1 }, () => new Set());
  for (const s of spans) for (let i = s.first; i <= s.last; i++) sets[i - first].add(s.scope);
  for (let i = 0; i < sets.length; i++) cover[i] = sets[i].size ? [...sets[i]].sort().join('\u0000') : null;
  const out: Segment[] = [];
  let i = 0;
  while (i < cover.length) {
    if (cover[i] === null) {
      i++;
      continue;
    }
    const key = cover[i];
    const seg: Segment = { first: first + i, last: first + i, missing: [] };
    let j = i + 1;
    while (j < cover.length) {
      if (cover[j] === key) {
        seg.last = first + j;
        j++;
        continue;
      }
      if (cover[j] !== null) break;
      let k = j;
      while (k < cover.length && cover[k] === null) k++;
      if (k - j > maxGap || k >= cover.length || cover[k] !== key) break;
      for (let g = j; g < k; g++) seg.missing.push(first + g);
      j = k;
    }
    out.push(seg);
    i = seg.last - first + 1;
  }
  return out;
}
