/** `finops conformance` as a gate: non-zero when a MUST rule fails, every file reported. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';

const FOCUS12 = 'test/fixtures/awkward/focus-1.2.csv';

async function finops(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('finops conformance exit status', () => {
  it('a bad file among good ones is reported on its line and the others are still checked; exit 1', async () => {
    const r = await finops('conformance', 'test/fixtures/bad/no-such-file.csv', FOCUS12, '--raw', '--allow-failures');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('finops conformance: test/fixtures/bad/no-such-file.csv: cannot open (no such file): expected a readable file\n');
    expect(r.stdout).toMatch(/^test\/fixtures\/awkward\/focus-1\.2\.csv \(focus-1\.2, \d+ rows, the file as delivered\)/);
  });

  it('MUST failures exit 1 unless --allow-failures', async () => {
    const gate = await finops('conformance', FOCUS12, '--raw');
    expect(gate.code).toBe(1);
    expect(gate.stderr).toMatch(/^finops conformance: MUST rules fail in focus-1\.2\.csv \(\d+\) \(--allow-failures exits 0\)\n$/);
    expect(gate.stdout).toMatch(/FAIL {2}ChargePeriodStart-C-002-M/);
    expect((await finops('conformance', FOCUS12, '--raw', '--allow-failures')).code).toBe(0);
  });
});
