/** `finops inspect` and `finops analyze` on export folders, zip archives and locale dates, in-process. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';

const DLV = 'test/fixtures/deliveries';
const out = mkdtempSync(path.join(tmpdir(), 'finops-dlv-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function finops(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('finops inspect on deliveries', () => {
  it('reads a folder by its manifests: the current run loaded, the superseded one named on stderr', async () => {
    const r = await finops('inspect', `${DLV}/azure-focus`, '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { file: string; rows: number }[];
    expect(rows.map((x) => [x.file.split('/').slice(-2).join('/'), x.rows])).toEqual([
      ['22c2d1ef-8b5c-4d2f-ae4b-6c7d8e9f0a12/part_0_0001.csv.gz', 200],
      ['22c2d1ef-8b5c-4d2f-ae4b-6c7d8e9f0a12/part_1_0001.csv.gz', 799],
    ]);
    expect(r.stderr).toMatch(
      /finops inspect: test\/fixtures\/deliveries\/azure-focus: Azure export focus-cost 2024-09, delivery 22c2d1ef.*: loaded\n/,
    );
    expect(r.stderr).toMatch(/delivery 11b1c0fe-7a4b-4c1e-9d3a-5b6c7d8e9f01 .*: superseded by 22c2d1ef-8b5c-4d2f-ae4b-6c7d8e9f0a12, not loaded\n/);
  });

  it('reads a zip archive by member, and reports a corrupt member while loading the others', async () => {
    const ok = await finops('inspect', `${DLV}/zip/exports.zip`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/exports\.zip\/oci\/oci-cost-sample\.csv\s+cost\s+oci\s+506/);
    expect(ok.stdout).toMatch(/exports\.zip\/aws\/aws-cur-legacy-sample\.csv\.gz\s+cost\s+aws-cur\s+1281/);
    const bad = await finops('inspect', `${DLV}/zip/exports-corrupt.zip`, '--json');
    expect(bad.code).toBe(1);
    const entries = JSON.parse(bad.stdout) as { file: string; error?: string; rows?: number }[];
    expect(entries.find((e) => e.file.endsWith('oci-cost-sample.csv'))?.error).toMatch(/exports-corrupt\.zip: member oci\/oci-cost-sample\.csv: /);
    expect(entries.find((e) => e.file.endsWith('.csv.gz'))?.rows).toBe(1281);
  });
});

describe('finops analyze on deliveries', () => {
  it('--cost FOLDER loads the current delivery once and lists every delivery in summary.json', async () => {
    const dir = path.join(out, 'aws');
    const r = await finops('analyze', '--cost', `${DLV}/aws-cur`, '--out', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/aws-cur: AWS export hourly-cur 2023-11, delivery e3d2c1b0-9a8f-4e7d-b6c5-f4e3d2c1b0a9 .*: loaded\n/);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.row_counts.cost).toBe(1281);
    expect(summary.inputs.map((i: { file: string }) => i.file)).toEqual([
      'aws-cur/hourly-cur/20231101-20231201/e3d2c1b0-9a8f-4e7d-b6c5-f4e3d2c1b0a9/hourly-cur-1.csv.gz',
      'aws-cur/hourly-cur/20231101-20231201/e3d2c1b0-9a8f-4e7d-b6c5-f4e3d2c1b0a9/hourly-cur-2.csv.gz',
    ]);
    const [folder] = summary.deliveries;
    expect(folder.deliveries.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
      ['e3d2c1b0-9a8f-4e7d-b6c5-f4e3d2c1b0a9', 'used'],
      ['7c1f0a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6', 'superseded'],
    ]);
    expect(folder.not_in_manifest).toEqual(['hourly-cur/cost_and_usage_data_status/cost_and_usage_data_status.csv']);
  });

  it('--date-format declares the order of locale dates a file leaves open', async () => {
    const file = 'test/fixtures/cells/focus-excel-us-dates.csv';
    const open = await finops('analyze', '--cost', file, '--out', path.join(out, 'open'));
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/no day above 12 tells M\/D\/YYYY from D\/M\/YYYY/);
    const declared = await finops('analyze', '--cost', file, '--date-format', 'M/D/YYYY', '--out', path.join(out, 'declared'));
    expect(declared.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'declared', 'summary.json'), 'utf8')).row_counts.cost).toBe(4);
    expect((await finops('analyze', '--cost', file, '--date-format', 'YYYY/MM/DD', '--out', path.join(out, 'bad'))).code).toBe(2);
  });
});
