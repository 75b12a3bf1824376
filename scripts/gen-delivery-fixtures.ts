/**
 * Writes test/fixtures/deliveries/: real exports (samples/real, with their licences) shipped the
 * way providers deliver them. Deterministic. Run: npx tsx scripts/gen-delivery-fixtures.ts
 *
 * - gzip/: the FOCUS sample as .csv.gz, a cut copy, GCP JSON lines as .jsonl.gz.
 * - zip/: an archive of two exports (one deflated, one a stored .csv.gz), a cut and a corrupt copy.
 * - aws-cur/: legacy CUR, report `hourly-cur`, period 20231101-20231201: assembly A (first 700 rows,
 *   the earlier delivery) and assembly B (all 1,281 rows in two parts, the restatement), each with its
 *   manifest, and the period folder's manifest naming B; plus a status file no manifest lists.
 * - aws-data-exports/: CUR 2.0 export `cur2-daily`, BILLING_PERIOD=2025-01, two executions (create-new
 *   delivery), data/ and metadata/ folders as AWS writes them.
 * - azure-focus/: a FocusCost export `focus-cost`, 20240901-20240930, run 1 (first 120 September rows)
 *   and run 2 (every September row, two parts), manifests in Microsoft's documented shape.
 * - oci-reports/: OCI cost reports, the sample split into two daily gzip files, no manifest.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { firstRecord } from '../src/ingest/text';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'test/fixtures/deliveries');
const real = (f: string) => path.join(ROOT, 'samples/real', f);

/** Header line + data lines of a CSV whose records hold no newlines (true of these samples). */
function csvLines(file: string): { header: string; rows: string[] } {
  const [header, ...rows] = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  return { header, rows: rows.filter((r) => r !== '') };
}

const csv = (header: string, rows: readonly string[]) => [header, ...rows].join('\n') + '\n';
const gz = (text: string | Uint8Array) => gzipSync(text, { level: 9, mtime: 0 } as never);

function write(rel: string, data: string | Uint8Array): void {
  const file = path.join(OUT, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

rmSync(OUT, { recursive: true, force: true });
copyFileSync(real('focus-sample/LICENSE.md'), (mkdirSync(OUT, { recursive: true }), path.join(OUT, 'LICENSE-focus-sample.md')));
copyFileSync(real('focus-converters/LICENSE'), path.join(OUT, 'LICENSE-focus-converters'));

// gzip/
const focus = readFileSync(real('focus-sample/focus_sample.csv'));
write('gzip/focus_sample.csv.gz', gz(focus));
write('gzip/focus_sample-cut.csv.gz', gz(focus).subarray(0, 6000));
write('gzip/gcp-billing.jsonl.gz', gz(readFileSync(path.join(ROOT, 'test/fixtures/awkward/gcp-billing.jsonl'))));

// zip/
const oci = readFileSync(real('focus-converters/oci-cost-sample.csv'));
const cur = readFileSync(real('focus-converters/aws-cur-legacy-sample.csv'));
const archive = zipSync(
  {
    'oci/oci-cost-sample.csv': [oci, { level: 6 }],
    'aws/aws-cur-legacy-sample.csv.gz': [gz(cur), { level: 0 }],
    '__MACOSX/oci/._oci-cost-sample.csv': [new Uint8Array([0, 5, 22, 7]), { level: 0 }],
  },
  { mtime: new Date('2024-01-01T00:00:00Z') },
);
write('zip/exports.zip', archive);
write('zip/exports-cut.zip', archive.subarray(0, Math.floor(archive.length * 0.6)));
const corrupt = new Uint8Array(archive);
corrupt[200] ^= 0xff; // inside the first member's deflate data
write('zip/exports-corrupt.zip', corrupt);

// aws-cur/ (legacy CUR: <report>/<YYYYMMDD-YYYYMMDD>/<assemblyId>/<report>-N.csv.gz)
const c = csvLines(real('focus-converters/aws-cur-legacy-sample.csv'));
const period = 'hourly-cur/20231101-20231201';
const A = '7c1f0a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6';
const B = 'e3d2c1b0-9a8f-4e7d-b6c5-f4e3d2c1b0a9';
const curManifest = (assembly: string, keys: string[]) =>
  json({
    assemblyId: assembly,
    account: '123412340534',
    reportName: 'hourly-cur',
    bucket: 'acme-cur',
    billingPeriod: { start: '20231101T000000.000Z', end: '20231201T000000.000Z' },
    compression: 'GZIP',
    contentType: 'text/csv',
    reportKeys: keys.map((k) => `billing/${period}/${assembly}/${k}`),
  });
write(`aws-cur/${period}/${A}/hourly-cur-1.csv.gz`, gz(csv(c.header, c.rows.slice(0, 700))));
write(`aws-cur/${period}/${A}/hourly-cur-Manifest.json`, curManifest(A, ['hourly-cur-1.csv.gz']));
write(`aws-cur/${period}/${B}/hourly-cur-1.csv.gz`, gz(csv(c.header, c.rows.slice(0, 640))));
write(`aws-cur/${period}/${B}/hourly-cur-2.csv.gz`, gz(csv(c.header, c.rows.slice(640))));
write(`aws-cur/${period}/${B}/hourly-cur-Manifest.json`, curManifest(B, ['hourly-cur-1.csv.gz', 'hourly-cur-2.csv.gz']));
write(`aws-cur/${period}/hourly-cur-Manifest.json`, curManifest(B, ['hourly-cur-1.csv.gz', 'hourly-cur-2.csv.gz']));
write(`aws-cur/hourly-cur/cost_and_usage_data_status/cost_and_usage_data_status.csv`, 'status\nREADY\n');

// aws-data-exports/ (CUR 2.0: <export>/data/BILLING_PERIOD=YYYY-MM/<executionId>/<export>-0000N.csv.gz)
const d = csvLines(path.join(ROOT, 'test/fixtures/parquet/cur2.csv'));
const exportArn = 'arn:aws:bcm-data-exports:us-east-1:123456789012:export/cur2-daily';
const bp = 'BILLING_PERIOD=2025-01';
const executions = [
  { id: 'a0b1c2d3-0000-4000-8000-000000000001', parts: [d.rows.slice(0, 30)] },
  { id: 'a0b1c2d3-0000-4000-8000-000000000002', parts: [d.rows.slice(0, 24), d.rows.slice(24)] },
];
for (const e of executions) {
  const names = e.parts.map((_, i) => `cur2-daily-0000${i + 1}.csv.gz`);
  e.parts.forEach((rows, i) => write(`aws-data-exports/cur2-daily/data/${bp}/${e.id}/${names[i]}`, gz(csv(d.header, rows))));
  write(
    `aws-data-exports/cur2-daily/metadata/${bp}/${e.id}/cur2-daily-Manifest.json`,
    json({
      executionId: e.id,
      exportArn,
      billingPeriod: { start: '2025-01-01T00:00:00.000Z', end: '2025-02-01T00:00:00.000Z' },
      columns: d.header.split(',').map((name) => ({ name, type: 'string' })),
      dataFiles: names.map((n) => `s3://acme-exports/exports/cur2-daily/data/${bp}/${e.id}/${n}`),
    }),
  );
}

// azure-focus/ (<export>/<YYYYMMDD-YYYYMMDD>/<YYYYMMDDHHMM>/<runId>/part_N_NNNN.csv.gz + manifest.json)
const f = csvLines(real('focus-sample/focus_sample.csv'));
const bpStart = firstRecord(f.header)!.fields.indexOf('BillingPeriodStart');
const september = f.rows.filter((r) => firstRecord(r)!.fields[bpStart].startsWith('2024-09'));
const runs = [
  { stamp: '202409150612', id: '11b1c0fe-7a4b-4c1e-9d3a-5b6c7d8e9f01', submitted: '2024-09-15T06:12:44.1234567Z', parts: [september.slice(0, 120)] },
  {
    stamp: '202410020544',
    id: '22c2d1ef-8b5c-4d2f-ae4b-6c7d8e9f0a12',
    submitted: '2024-10-02T05:44:03.7654321Z',
    parts: [september.slice(0, 200), september.slice(200)],
  },
];
for (const r of runs) {
  const dir = `focus-cost/20240901-20240930/${r.stamp}/${r.id}`;
  const names = r.parts.map((_, i) => `part_${i}_0001.csv.gz`);
  const blobs = r.parts.map((rows, i) => {
    const data = gz(csv(f.header, rows));
    write(`azure-focus/${dir}/${names[i]}`, data);
    return { blobName: `exports/${dir}/${names[i]}`, byteCount: data.length, dataRowCount: rows.length };
  });
  write(
    `azure-focus/${dir}/manifest.json`,
    json({
      manifestVersion: '2024-04-01',
      byteCount: blobs.reduce((n, b) => n + b.byteCount, 0),
      blobCount: blobs.length,
      dataRowCount: blobs.reduce((n, b) => n + b.dataRowCount, 0),
      exportConfig: {
        exportName: 'focus-cost',
        resourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.CostManagement/exports/focus-cost',
        dataVersion: '1.0',
        apiVersion: '2023-07-01-preview',
        type: 'FocusCost',
        timeFrame: 'MonthToDate',
        granularity: 'Daily',
      },
      deliveryConfig: {
        partitionData: true,
        dataOverwriteBehavior: 'CreateNewReport',
        fileFormat: 'Csv',
        compressionMode: 'gzip',
        containerUri:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/finops/providers/Microsoft.Storage/storageAccounts/acmeexports',
        rootFolderPath: 'exports',
      },
      runInfo: {
        executionType: 'Scheduled',
        submittedTime: r.submitted,
        runId: r.id,
        startDate: '2024-09-01T00:00:00',
        endDate: '2024-09-30T00:00:00Z',
      },
      blobs,
    }),
  );
}

// oci-reports/ (reports/cost-csv/<report number>.csv.gz, one per day; no manifest)
const o = csvLines(real('focus-converters/oci-cost-sample.csv'));
write('oci-reports/reports/cost-csv/0001000000812345.csv.gz', gz(csv(o.header, o.rows.slice(0, 250))));
write('oci-reports/reports/cost-csv/0001000000812346.csv.gz', gz(csv(o.header, o.rows.slice(250))));

writeFileSync(
  path.join(OUT, 'README.md'),
  `# Deliveries as providers ship them (generated by scripts/gen-delivery-fixtures.ts)

Rows from samples/real (FOCUS sample: CC BY 4.0, LICENSE-focus-sample.md; focus-converters AWS CUR
and OCI samples: MIT, LICENSE-focus-converters) and test/fixtures/parquet/cur2.csv (project-written),
compressed and laid out in the folder shapes AWS Data Exports / CUR, Azure Cost Management exports
and OCI cost reports use; manifests follow the providers' documented fields. See the script's header.
`,
);
