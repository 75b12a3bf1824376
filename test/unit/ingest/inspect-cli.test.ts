/** `finops inspect` as a user runs it: a subprocess on the real samples and on bad input. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import type { UserError } from '../../../src/model/errors';

const ROOT = path.resolve(__dirname, '../../..');

function finops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/finops.mjs', ...args], { cwd: ROOT, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// Exact decimal sums of each file's cost column (also checked independently in real-files.test.ts).
const REAL = [
  ['samples/real/focus-sample/focus_sample.csv', 'focus-1.0', 1000, { USD: { billed_cost: '20.52022672899', effective_cost: '14.97651418586' } }],
  [
    'samples/real/focus-converters/aws-cur-legacy-sample.csv',
    'aws-cur',
    1281,
    { USD: { billed_cost: '1.6823086974', effective_cost: '1.6823086974' } },
  ],
  [
    'samples/real/focus-converters/azure-ea-sample.csv',
    'azure-ea',
    27,
    { CAD: { billed_cost: '1.26136926505726', effective_cost: '1.26136926505726' } },
  ],
  [
    'samples/real/focus-converters/oci-cost-sample.csv',
    'oci',
    506,
    { USD: { billed_cost: '2.523589325400648027', effective_cost: '2.523589325400648027' } },
  ],
  [
    'samples/real/finops-toolkit/EA_ActualCost_Small.csv',
    'azure-ea',
    11,
    { USD: { billed_cost: '8.5450077867419368', effective_cost: '8.5450077867419368' } },
  ],
  [
    'samples/real/finops-toolkit/EA_AmortizedCost_Small.csv',
    'azure-ea',
    28,
    { USD: { billed_cost: '16.296932136636644627', effective_cost: '16.296932136636644627' } },
  ],
] as const;

/** The same CLI in-process (no subprocess start-up), for output formatting and usage errors. */
async function finopsInProcess(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('finops inspect', () => {
  it('prints the DESIGN.md JSON for every real sample (subprocess)', async () => {
    const json = await finops('inspect', ...REAL.map((r) => r[0]), '--json');
    // The one notice: EA_AmortizedCost_Small.csv carries 22-28 decimals in 3 Cost cells (rounding-notice.test.ts).
    expect(json.stderr).toBe(
      'finops inspect: samples/real/finops-toolkit/EA_AmortizedCost_Small.csv: 3 cells of column "Cost" had more than 18 decimals; ' +
        'rounded half away from zero once to 18: first at row 10, value 0.0001188669167459011366 -> 0.000118866916745901\n',
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(REAL.map(([file, format, rows, totals]) => ({ file, kind: 'cost', format, rows, totals })));
  });

  it('exits 1 with one line on a bad file (subprocess); --json gives the error with its place', async () => {
    const message = 'test/fixtures/bad/text-in-money.csv: row 3, column "BilledCost": expected a decimal number, got "twelve"';
    expect(await finops('inspect', 'test/fixtures/bad/text-in-money.csv', '--json')).toEqual({
      code: 1,
      stdout:
        JSON.stringify([
          { file: 'test/fixtures/bad/text-in-money.csv', error: message, row: 3, column: 'BilledCost', expected: 'a decimal number' },
        ]) + '\n',
      stderr: `finops inspect: ${message}\n`,
    });
  });

  it('reports every file: good ones loaded, each bad one with its one-line error, exit 1', async () => {
    const files = [
      'test/fixtures/bad/text-in-money.csv',
      'test/fixtures/awkward/multi-currency.csv',
      'test/fixtures/bad/unknown-layout.csv',
      'test/fixtures/bad/no-such-file.csv',
    ];
    const human = await finopsInProcess('inspect', ...files);
    expect(human.code).toBe(1);
    const lines = human.stderr.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('finops inspect: test/fixtures/bad/text-in-money.csv: row 3, column "BilledCost": expected a decimal number, got "twelve"');
    expect(lines[1]).toMatch(
      /^finops inspect: test\/fixtures\/bad\/unknown-layout\.csv: row 0 \(header\): unknown layout: .* or \d+ more\. \(--json lists every layout\)$/,
    );
    expect(lines[2]).toBe('finops inspect: test/fixtures/bad/no-such-file.csv: cannot open (no such file): expected a readable file');
    for (const l of lines.slice(0, 3)) expect(l.length).toBeLessThanOrEqual(360);
    expect(human.stdout.split('\n')[1]).toMatch(/^test\/fixtures\/awkward\/multi-currency\.csv {2}cost {2}focus-1\.0 +7 {2}EUR/);
    const json = await finopsInProcess('inspect', ...files, '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(out.map((r) => [r.file, r.format ?? null, typeof r.error])).toEqual([
      [files[0], null, 'string'],
      [files[1], 'focus-1.0', 'undefined'],
      [files[2], null, 'string'],
      [files[3], null, 'string'],
    ]);
    const layouts = (() => {
      try {
        createAdapterRegistry().require('x.csv', ['name', 'age', 'city']);
      } catch (e) {
        return (e as UserError).details.alternatives;
      }
    })();
    expect(out[2].alternatives).toEqual(layouts);
    for (const a of createAdapterRegistry().adapters)
      expect(
        layouts?.some((l) => l.split(' (')[0].split('/').includes(a.format)),
        a.format,
      ).toBe(true);
    expect(out[0]).toMatchObject({ row: 3, column: 'BilledCost' });
  });

  it('--date-format declares the order of locale dates a file leaves open', async () => {
    const file = 'test/fixtures/cells/focus-excel-us-dates.csv';
    const open = await finopsInProcess('inspect', file, '--json');
    expect(open.code).toBe(1);
    expect(JSON.parse(open.stdout)[0].error).toMatch(/no day above 12 tells M\/D\/YYYY from D\/M\/YYYY/);
    const declared = await finopsInProcess('inspect', file, '--json', '--date-format', 'M/D/YYYY');
    expect(declared.code).toBe(0);
    expect(JSON.parse(declared.stdout)[0]).toMatchObject({ file, format: 'focus-1.0', rows: 4 });
    expect((await finopsInProcess('inspect', file, '--date-format', 'YYYY/MM/DD')).code).toBe(2);
  });

  it('prints a table without --json, totals per currency', async () => {
    const human = await finopsInProcess('inspect', 'test/fixtures/awkward/multi-currency.csv');
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')).toEqual([
      'FILE                                      KIND  FORMAT     ROWS  CURRENCY  TOTALS',
      'test/fixtures/awkward/multi-currency.csv  cost  focus-1.0     7  EUR       billed_cost=-0.50  effective_cost=-0.50',
      '                                                                 JPY       billed_cost=1100.00  effective_cost=1090.00',
      '                                                                 KWD       billed_cost=0.125  effective_cost=0.125',
      '                                                                 USD       billed_cost=3.50500000665679  effective_cost=3.505',
      '',
    ]);
  });

  it('usage errors exit 2, missing files exit 1, one line each', async () => {
    const usage = await finopsInProcess('inspect', '--bogus');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('finops inspect: unknown option --bogus (usage: finops inspect FILE... [--json])\n');
    expect((await finopsInProcess('inspect')).code).toBe(2);
    expect(await finopsInProcess('inspect', 'test/fixtures/bad/no-such-file.csv')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'finops inspect: test/fixtures/bad/no-such-file.csv: cannot open (no such file): expected a readable file\n',
    });
  });
});
