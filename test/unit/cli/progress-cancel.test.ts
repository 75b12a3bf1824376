/**
 * A long `finops analyze` says where it is and stops on Ctrl+C: `--progress` logs each load stage
 * and analysis stage on stderr (stdout stays the contract's), a terminal gets one updating line,
 * and an interrupt stops the run with exit 130 and nothing written. Native DuckDB reports how far
 * its running statement is (its progress bar, off by default, is what tracks it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { progressMode } from '../../../src/cli/progress';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import type { StatementProgress } from '../../../src/engine/engine';

const root = path.resolve(import.meta.dirname, '../../..');
const demo = path.join(root, 'test/fixtures/demo-march');
const args = (out: string) => [
  'analyze',
  '--cost',
  path.join(demo, 'cost_focus.csv'),
  '--usage',
  path.join(demo, 'usage_cloudevents.ndjson'),
  '--ledger',
  path.join(demo, 'lago_invoice_fees.csv'),
  '--prices',
  path.join(demo, 'price_book.csv'),
  '--config',
  path.join(demo, 'config.json'),
  '--out',
  out,
];

/** Runs analyze in-process; `abortOn` aborts the run's signal when stderr first shows that text. */
async function analyze(extra: string[], opts: { tty?: boolean; abortOn?: string } = {}) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'finops-progress-')), 'out');
  const ctl = new AbortController();
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args(out), ...extra], {
    out: (t) => (stdout += t),
    err: (t) => {
      stderr += t;
      if (opts.abortOn && stderr.includes(opts.abortOn)) ctl.abort();
    },
    signal: ctl.signal,
    stderrIsTTY: opts.tty ?? false,
  });
  return { code, stdout, stderr, out };
}

describe('finops analyze progress and cancel', () => {
  it('--progress logs every load stage and analysis stage in order; stdout is unchanged', async () => {
    const quiet = await analyze([]);
    const logged = await analyze(['--progress']);
    expect(quiet.code).toBe(0);
    expect(logged.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(logged.stdout.replaceAll(logged.out, 'OUT')).toBe(quiet.stdout.replaceAll(quiet.out, 'OUT'));
    const lines = logged.stderr.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^finops analyze: .+ \(\d+\.\d s\)$/);
    const order = [
      'cost_focus.csv: Detecting the format',
      'cost_focus.csv: Mapping to the canonical table',
      'usage_cloudevents.ndjson: Reading',
      'lago_invoice_fees.csv: Detecting the format',
      'price_book.csv: Detecting the format',
      'billing staging',
      'reconciliation',
      'anomaly detection',
      'proposals',
    ].map((step) => lines.findIndex((l) => l.startsWith(`finops analyze: ${step}`)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('a terminal gets one line rewritten in place, cleared at the end', async () => {
    const r = await analyze([], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr.startsWith('\r\x1b[Kfinops analyze: ')).toBe(true);
    expect(r.stderr).not.toContain('\n');
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it.each([
    ['during a load', 'usage_cloudevents.ndjson: Reading'],
    ['during the analysis', 'finops analyze: reconciliation'],
  ])('an interrupt %s stops with exit 130 and writes nothing', async (_when, abortOn) => {
    const r = await analyze(['--progress'], { abortOn });
    expect(r.code).toBe(130);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`finops analyze: cancelled; nothing was written to ${r.out}`);
    expect(existsSync(r.out)).toBe(false);
  });

  it('Ctrl+C on the real process stops it cleanly (exit 130, one line, no stack)', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'finops-sigint-')), 'out');
    const child = spawn('node', [path.join(root, 'bin/finops.mjs'), ...args(out), '--progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (!interrupted && stderr.includes('billing staging')) interrupted = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe(`finops analyze: cancelled; nothing was written to ${out}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('progress is silent when stderr is not a terminal and --progress is not given', () => {
    expect(progressMode(undefined, false)).toBe('off');
    expect(progressMode(undefined, true)).toBe('line');
    expect(progressMode(true, false)).toBe('log');
  });
});

describe('native engine statement progress', () => {
  it('reports a percentage while a statement scans a table, and null when none runs', async () => {
    const engine = await createNativeEngine({ memoryLimit: '1GB', threads: 2 });
    try {
      expect(await engine.progress()).toBeNull();
      await engine.exec('CREATE TABLE t AS SELECT range AS i FROM range(6000000)');
      const seen: (StatementProgress | null)[] = [];
      let done = false;
      const query = engine.query('SELECT count(DISTINCT (i * 7919) % 10000003) AS n FROM t').finally(() => (done = true));
      while (!done) {
        seen.push(await engine.progress());
        await new Promise((r) => setTimeout(r, 20));
      }
      await query;
      const pct = seen.filter((p) => p?.percentage != null).map((p) => p!.percentage!);
      expect(pct.length).toBeGreaterThan(0);
      for (const p of pct) expect(p).toBeGreaterThanOrEqual(0);
      for (const p of pct) expect(p).toBeLessThanOrEqual(100);
      expect(await engine.progress()).toBeNull();
    } finally {
      await engine.close();
    }
  });
});
