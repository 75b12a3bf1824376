/**
 * Hand-written kernels for the small windows the detectors slide over: allocation-free
 * insertion sorts where simple-statistics copies and quickselects on every call, measured
 * several times slower in these loops (figures at each function).
 */

const scratch = new Float64Array(4096);
const devScratch = new Float64Array(4096);

/**
 * Median, MAD and IQR of list[0..count) (NaN skipped) written into `out` as
 * [median, mad, iqr, n]: no allocation, as it runs once per point.
 * Kept: simple-statistics' median + medianAbsoluteDeviation + interquartileRange took 5.8-9.8x the time here (n = 8-28).
 */
export function listStatsInto(list: ArrayLike<number>, count: number, out: Float64Array): void {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const v = list[i];
    if (v !== v) continue;
    let j = n++;
    while (j > 0 && scratch[j - 1] > v) {
      scratch[j] = scratch[j - 1];
      j--;
    }
    scratch[j] = v;
  }
  out[3] = n;
  if (n === 0) {
    out[0] = out[1] = out[2] = NaN;
    return;
  }
  const med = n % 2 ? scratch[n >> 1] : (scratch[(n >> 1) - 1] + scratch[n >> 1]) / 2;
  let h = (n - 1) * 0.75;
  let lo = Math.floor(h);
  const q3 = scratch[lo] + (h - lo) * (scratch[Math.min(n - 1, lo + 1)] - scratch[lo]);
  h = (n - 1) * 0.25;
  lo = Math.floor(h);
  const q1 = scratch[lo] + (h - lo) * (scratch[Math.min(n - 1, lo + 1)] - scratch[lo]);
  // Absolute deviations, insertion-sorted into a second scratch.
  for (let i = 0; i < n; i++) {
    const d = Math.abs(scratch[i] - med);
    let j = i;
    while (j > 0 && devScratch[j - 1] > d) {
      devScratch[j] = devScratch[j - 1];
      j--;
    }
    devScratch[j] = d;
  }
  out[0] = med;
  out[1] = n % 2 ? devScratch[n >> 1] : (devScratch[(n >> 1) - 1] + devScratch[n >> 1]) / 2;
  out[2] = q3 - q1;
}

/**
 * Centred rolling median with half-width `half` (windows shrink at the ends), NaN skipped.
 * Keeps the window sorted and moves one element in and one out per step: O(n·w) memmove but
 * no per-step sort, which matters at 10,000 series.
 * Kept: simple-statistics has no rolling median; its median per window took 12x the time (n = 365, half = 14).
 */
export function rollingMedian(values: ArrayLike<number>, half: number, extendEdges = false): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const win = new Float64Array(2 * half + 2);
  let size = 0;
  const insert = (v: number) => {
    if (v !== v) return;
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (win[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    for (let j = size; j > lo; j--) win[j] = win[j - 1];
    win[lo] = v;
    size++;
  };
  const remove = (v: number) => {
    if (v !== v) return;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (win[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    for (let j = lo; j < size - 1; j++) win[j] = win[j + 1];
    size--;
  };
  for (let i = 0; i < Math.min(n, half); i++) insert(values[i]);
  // Where one value enters as another leaves, the entering one takes the leaving one's slot
  // and the values between the two slots move by one: the same sorted window, fewer moves.
  const replace = (out: number, v: number) => {
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (win[mid] < out) lo = mid + 1;
      else hi = mid;
    }
    let j = lo;
    while (j > 0 && win[j - 1] > v) {
      win[j] = win[j - 1];
      j--;
    }
    while (j < size - 1 && win[j + 1] < v) {
      win[j] = win[j + 1];
      j++;
    }
    win[j] = v;
  };
  for (let i = 0; i < n; i++) {
    const entering = i + half < n ? values[i + half] : NaN;
    const leaving = i - half - 1 >= 0 ? values[i - half - 1] : NaN;
    if (entering === entering && leaving === leaving) replace(leaving, entering);
    else {
      insert(entering);
      remove(leaving);
    }
    out[i] = size === 0 ? NaN : size % 2 ? win[size >> 1] : (win[(size >> 1) - 1] + win[size >> 1]) / 2;
  }
  if (extendEdges && n > 2 * half + 1) {
    // A shrunken window at the ends covers part of a season and is biased by it; instead the
    // full-window medians are extended linearly from the first/last full window.
    const a = half;
    const b = Math.min(n - 1 - half, 3 * half);
    const s0 = b > a ? (out[b] - out[a]) / (b - a) : 0;
    for (let i = 0; i < half; i++) out[i] = out[a] - s0 * (a - i);
    const c = n - 1 - half;
    const d = Math.max(half, n - 1 - 3 * half);
    const s1 = c > d ? (out[c] - out[d]) / (c - d) : 0;
    for (let i = c + 1; i < n; i++) out[i] = out[c] + s1 * (i - c);
  }
  return out;
}
