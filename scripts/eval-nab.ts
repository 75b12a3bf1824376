/**
 * `npm run eval:nab`: runs the streaming detector over every NAB file copied into
 * test/fixtures/nab and scores it with our implementation of the NAB standard profile.
 * One parameter set for all files (DEFAULT_STREAMING); no label information reaches the detector.
 * Optional: NAB_PARAMS='{"margin":1}' to try another set, NAB_DIR to point elsewhere, and
 * `--sensitivity` to score the neighbours of the parameter set (a plateau, not a knife edge,
 * is what generalises to data we do not have).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectStreaming, DEFAULT_STREAMING, type StreamingParams } from '../src/analysis/anomaly/streaming';
import { normalizedNabScore, scoreNabFile, type NabFileScore } from '../src/analysis/anomaly/nab-score';

const root = process.env.NAB_DIR ?? join(import.meta.dirname, '..', 'test', 'fixtures', 'nab');
const baseParams: StreamingParams = { ...DEFAULT_STREAMING, ...(process.env.NAB_PARAMS ? JSON.parse(process.env.NAB_PARAMS) : {}) };
const labels = JSON.parse(readFileSync(join(root, 'labels', 'combined_windows.json'), 'utf8')) as Record<string, string[][]>;

function parseTs(s: string): number {
  return Date.parse(
    s
      .trim()
      .replace(' ', 'T')
      .replace(/(\.\d{3})\d*$/, '$1') + 'Z',
  );
}

export function evalNab(params: StreamingParams = baseParams): { lines: string[]; score: number } {
  const lines: string[] = [];
  const scores: NabFileScore[] = [];
  const files = Object.keys(labels).sort();
  lines.push(`${'file'.padEnd(58)} rows  win det  tp-det fp-det   raw     score`);
  for (const rel of files) {
    const text = readFileSync(join(root, 'data', rel), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    const ts = text.map((l) => parseTs(l.split(',')[0]));
    const vals = text.map((l) => Number(l.split(',')[1]));
    const decisions = detectStreaming(vals, params).map((p) => p.isAnomaly);
    const windows = labels[rel].map(([a, b]) => [parseTs(a), parseTs(b)] as [number, number]);
    const s = scoreNabFile(ts, decisions, windows);
    scores.push(s);
    const fileScore = s.perfect === s.null ? NaN : (100 * (s.raw - s.null)) / (s.perfect - s.null);
    lines.push(
      `${rel.padEnd(58)} ${String(ts.length).padStart(5)} ${String(s.windows).padStart(3)} ${String(s.detectedWindows).padStart(3)} ` +
        `${String(s.tpDetections).padStart(6)} ${String(s.fpDetections).padStart(6)} ${s.raw.toFixed(3).padStart(7)} ${Number.isNaN(fileScore) ? '    n/a' : fileScore.toFixed(1).padStart(7)}`,
    );
  }
  const score = normalizedNabScore(scores);
  const win = scores.reduce((a, s) => a + s.windows, 0);
  const det = scores.reduce((a, s) => a + s.detectedWindows, 0);
  const tp = scores.reduce((a, s) => a + s.tpDetections, 0);
  const fp = scores.reduce((a, s) => a + s.fpDetections, 0);
  lines.push('');
  lines.push(`NAB standard profile (A_tp=1, A_fp=0.11, A_fn=1), ${files.length} files, ${win} windows`);
  lines.push(`window recall    ${(det / win).toFixed(3)}  (${det}/${win} windows detected)`);
  lines.push(`alert precision  ${(tp / Math.max(1, tp + fp)).toFixed(3)}  (${tp} alerts inside windows, ${fp} outside)`);
  for (const cat of [...new Set(files.map((f) => f.split('/')[0]))]) {
    const sub = scores.filter((_, i) => files[i].startsWith(cat + '/'));
    lines.push(`  ${cat.padEnd(20)} ${normalizedNabScore(sub).toFixed(1)} (${sub.length} files)`);
  }
  lines.push(`normalized score ${score.toFixed(1)}   (published: HTM 66.5, RCF 52.0, Twitter ADVec 33.9, windowed Gaussian 24.3)`);
  return { lines, score };
}

if (process.argv[1] && /eval-nab\.ts$/.test(process.argv[1])) {
  const { lines } = evalNab();
  console.log(lines.join('\n'));
  if (process.argv.includes('--sensitivity')) {
    const b = baseParams;
    const variants: [string, Partial<StreamingParams>][] = [
      ['window ×0.8', { window: Math.round(b.window * 0.8) }],
      ['window ×1.2', { window: Math.round(b.window * 1.2) }],
      ['cooldown ×0.67', { cooldown: Math.round(b.cooldown / 1.5) }],
      ['cooldown ×1.33', { cooldown: Math.round(b.cooldown * 1.33) }],
      ['margin ×0.6', { margin: b.margin * 0.6 }],
      ['margin ×1.5', { margin: b.margin * 1.5 }],
      ['scales 1,3,9,27,81', { scales: [1, 3, 9, 27, 81] }],
    ];
    console.log('\nsensitivity (one change at a time):');
    for (const [name, v] of variants) console.log(`  ${name.padEnd(20)} ${evalNab({ ...b, ...v }).score.toFixed(1)}`);
  }
}
