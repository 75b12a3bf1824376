import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';

const root = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'finops-detect-'));
const finops = (...args: string[]) => spawnSync('node', ['bin/finops.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('finops detect', () => {
  it('writes timestamp,value,anomaly_score,is_anomaly and flags the planted spike', () => {
    const lines = ['timestamp,value'];
    for (let i = 0; i < 24 * 21; i++) {
      const ts = new Date(Date.UTC(2025, 2, 1) + i * 3_600_000).toISOString();
      const v = 50 + 20 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 11) / 5 + (i === 400 ? 120 : 0);
      lines.push(`${ts},${v.toFixed(3)}`);
    }
    const input = join(dir, 'hourly.csv');
    const out = join(dir, 'hourly-out.csv');
    writeFileSync(input, lines.join('\n') + '\n');
    const r = finops('detect', input, '--out', out, '--batch');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/batch detector, period 24 \(day\)/);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0].startsWith('timestamp,value,anomaly_score,is_anomaly')).toBe(true);
    expect(rows.length).toBe(lines.length);
    const flagged = rows
      .slice(1)
      .map((l, i) => [i, l.split(',')] as const)
      .filter(([, c]) => c[3] === '1');
    expect(flagged.map(([i]) => i)).toEqual([400]);
    expect(Number(flagged[0][1][2])).toBeGreaterThan(0.5);
    expect(rows[1].split(',')[0]).toBe(lines[1].split(',')[0]);
  });
  it('sub-daily series go to the streaming detector', () => {
    const lines = ['timestamp,value'];
    for (let i = 0; i < 600; i++) lines.push(`${1_700_000_000 + i * 300},${(i >= 450 ? 90 : 30) + (i % 5)}`);
    const input = join(dir, 'shift.csv');
    const out = join(dir, 'shift-out.csv');
    writeFileSync(input, lines.join('\n'));
    // 5-minute spacing: the streaming detector is chosen without asking.
    const r = finops('detect', input, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/streaming detector/);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    const first = rows.findIndex((l) => l.split(',')[3] === '1');
    expect(first).toBe(450);
  });
  it('a bad value is one line naming file, row and column; exit code non-zero, no stack', () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'timestamp,value\n2025-01-01,1\n2025-01-02,2\n2025-01-03,abc\n2025-01-04,4\n');
    const r = finops('detect', input, '--out', join(dir, 'x.csv'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.csv row 4 column value: "abc" is not a number/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
  it('usage mistakes exit 2 (in process)', async () => {
    const err: string[] = [];
    expect(await runCli(['detect', join(dir, 'bad.csv')], { out: () => {}, err: (t) => err.push(t) })).toBe(2);
    expect(err.join('')).toMatch(/--out OUT\.csv is required/);
  });
  it('daily series go to the batch detector and find the period', () => {
    const lines = ['date,cost'];
    for (let i = 0; i < 120; i++) {
      const d = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000);
      const dow = d.getUTCDay();
      lines.push(
        `${d.toISOString().slice(0, 10)},${((dow === 0 || dow === 6 ? 40 : 100) * (1 + 0.02 * Math.sin(i)) * (i === 90 ? 3 : 1)).toFixed(2)}`,
      );
    }
    const input = join(dir, 'daily.csv');
    const out = join(dir, 'daily-out.csv');
    writeFileSync(input, lines.join('\n'));
    const r = finops('detect', input, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/batch detector, period 7 \(week\)/);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(rows.map((l, i) => (l.split(',')[3] === '1' ? i : -1)).filter((i) => i >= 0)).toEqual([90]);
  });
});
