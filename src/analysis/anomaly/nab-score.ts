/**
 * NAB scoring, written from the benchmark's published description (Lavin & Ahmad 2015, and the
 * NAB whitepaper): labelled windows, a probationary period (the first 15% of each file, at most
 * 750 rows, is never scored), a scaled sigmoid that rewards early detection inside a window, only
 * the best (earliest) detection per window counts, false positives after a window are weighted by
 * the sigmoid of their distance from it, and a missed window costs A_fn. Scores are normalised
 * over a corpus: 100·(raw − null)/(perfect − null), where the null detector flags nothing.
 */

export interface NabProfile {
  tp: number;
  fp: number;
  fn: number;
}

export const NAB_STANDARD: NabProfile = { tp: 1, fp: 0.11, fn: 1 };

/** 2·sigmoid(−5y) − 1, and −1 from 3 window-widths on. */
export function scaledSigmoid(y: number): number {
  if (y >= 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

export interface NabFileScore {
  raw: number;
  null: number;
  perfect: number;
  windows: number;
  detectedWindows: number;
  /** Scored detections inside / outside windows (after the probationary period). */
  tpDetections: number;
  fpDetections: number;
}

export function probationaryLength(rows: number, percent = 0.15): number {
  return Math.min(Math.floor(percent * rows), percent * 5000);
}

/**
 * Scores one file. `timestampsMs` ascending; `detections[i]` true when the detector alerted at
 * row i; `windows` as [startMs, endMs] inclusive, ascending and non-overlapping.
 */
export function scoreNabFile(
  timestampsMs: ArrayLike<number>,
  detections: ArrayLike<boolean | number>,
  windows: [number, number][],
  profile: NabProfile = NAB_STANDARD,
): NabFileScore {
  const n = timestampsMs.length;
  const prob = probationaryLength(n);
  const maxTp = scaledSigmoid(-1);
  // Row ranges of the windows.
  const ranges = windows
    .map(([s, e]) => {
      let a = 0;
      while (a < n && timestampsMs[a] < s) a++;
      let b = a;
      while (b + 1 < n && timestampsMs[b + 1] <= e) b++;
      return [a, b] as [number, number];
    })
    .filter(([a, b]) => a < n && b >= a);
  const windowOf = new Int32Array(n).fill(-1);
  ranges.forEach(([a, b], w) => {
    for (let i = a; i <= b; i++) windowOf[i] = w;
  });
  // A window only counts when some of its rows fall after the probationary period.
  const scored = ranges.map(([, b]) => b >= prob);
  const best = ranges.map(() => -profile.fn);
  const hit = ranges.map(() => false);
  let fpSum = 0;
  let tpDet = 0;
  let fpDet = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const w = windowOf[i];
    let weighted: number;
    if (w >= 0) {
      const [a, b] = ranges[w];
      const width = b - a + 1;
      weighted = (scaledSigmoid(-(b - i + 1) / width) * profile.tp) / maxTp;
    } else {
      const pos = prevRight < 0 ? 3 : Math.abs(prevRight - i) / Math.max(1, prevWidth - 1);
      weighted = scaledSigmoid(pos) * profile.fp;
    }
    if (w >= 0 && i === ranges[w][1]) {
      prevRight = i;
      prevWidth = ranges[w][1] - ranges[w][0] + 1;
    }
    if (i < prob || !detections[i]) continue;
    if (w >= 0) {
      tpDet++;
      hit[w] = true;
      best[w] = Math.max(best[w], weighted);
    } else {
      fpDet++;
      fpSum += weighted;
    }
  }
  let raw = fpSum;
  let nul = 0;
  let perfect = 0;
  let windowsCounted = 0;
  let detected = 0;
  ranges.forEach((_, w) => {
    if (!scored[w]) return;
    windowsCounted++;
    raw += best[w];
    nul -= profile.fn;
    perfect += profile.tp;
    if (hit[w]) detected++;
  });
  return { raw, null: nul, perfect, windows: windowsCounted, detectedWindows: detected, tpDetections: tpDet, fpDetections: fpDet };
}

/** Corpus-normalised score: 100·(Σraw − Σnull)/(Σperfect − Σnull). */
export function normalizedNabScore(files: NabFileScore[]): number {
  let raw = 0;
  let nul = 0;
  let perfect = 0;
  for (const f of files) {
    raw += f.raw;
    nul += f.null;
    perfect += f.perfect;
  }
  return perfect === nul ? 0 : (100 * (raw - nul)) / (perfect - nul);
}
