/**
 * Rules that misreported real files (test/fixtures/conformance-real: unmodified lines of the
 * vendored exports), each checked as `finops conformance` checks a file: the rows it loaded into.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { checkConformance, type ConformanceReport } from '../../../src/analysis/conformance/evaluate';
import { loadedTarget } from '../../../src/analysis/conformance/targets';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { runCli } from '../../../src/cli/main';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/conformance-real');
const adapters = createAdapterRegistry();
let engine: Engine;

beforeAll(async () => {
  engine = await createNodeEngine();
  for (const f of ['focus_sample-slice.csv', 'aws-cur-legacy-slice.csv', 'azure-ea-slice.csv'])
    await loadLocalFile(engine, path.join(DIR, f), { adapters, kindHint: 'cost' });
}, 60_000);
afterAll(async () => engine?.close());

async function check(file: string): Promise<(id: string) => { status: string; violations?: number; reason?: string }> {
  const report: ConformanceReport = await checkConformance(engine, await loadedTarget(engine, file), { supports: 'all' });
  return (id) => {
    const r = report.rules.find((x) => x.id === id)!;
    return { status: r.status, violations: r.violations, reason: r.reason };
  };
}

describe('conformance false positives on real rows', () => {
  it('CommitmentDiscountStatus: "Used" and "Unused" are the allowed values (model-1.2.json lists Active/Expired/Pending)', async () => {
    expect((await check('focus_sample-slice.csv'))('CommitmentDiscountStatus-C-005-M')).toMatchObject({ status: 'pass', violations: 0 });
    await engine.exec(`UPDATE cost_lines SET "CommitmentDiscountStatus" = 'Active' WHERE source_file = 'focus_sample-slice.csv' AND source_row = 6`);
    try {
      expect((await check('focus_sample-slice.csv'))('CommitmentDiscountStatus-C-005-M')).toMatchObject({ status: 'fail', violations: 1 });
    } finally {
      await engine.exec(`UPDATE cost_lines SET "CommitmentDiscountStatus" = 'Used' WHERE source_file = 'focus_sample-slice.csv' AND source_row = 6`);
    }
  });

  it('BilledCost-C-005-C (third-party payments) is not judged by ProviderName ≠ InvoiceIssuerName', async () => {
    for (const file of ['focus_sample-slice.csv', 'azure-ea-slice.csv', 'aws-cur-legacy-slice.csv']) {
      const r = (await check(file))('BilledCost-C-005-C');
      expect(r.status, file).toBe('not-checked');
      expect(r.reason, file).toMatch(/^model-1\.2\.json erratum: .*payments are received by a third party/);
    }
  });

  it('RegionName-C-004-C does not judge every row when RegionId is not filled, and still fails a row with a name and no id', async () => {
    const all = `source_file = 'aws-cur-legacy-slice.csv'`;
    await engine.exec(`CREATE TEMP TABLE region_ids AS SELECT source_row, "RegionId" FROM cost_lines WHERE ${all}`);
    try {
      await engine.exec(`UPDATE cost_lines SET "RegionId" = NULL WHERE ${all}`);
      expect((await check('aws-cur-legacy-slice.csv'))('RegionName-C-004-C')).toMatchObject({ status: 'not-applicable' });
      await engine.exec(
        `UPDATE cost_lines c SET "RegionId" = r."RegionId" FROM region_ids r WHERE ${all} AND c.source_row = r.source_row AND r.source_row <> 1`,
      );
      expect((await check('aws-cur-legacy-slice.csv'))('RegionName-C-004-C')).toMatchObject({ status: 'fail', violations: 1 });
    } finally {
      await engine.exec(`UPDATE cost_lines c SET "RegionId" = r."RegionId" FROM region_ids r WHERE ${all} AND c.source_row = r.source_row`);
    }
    expect((await check('aws-cur-legacy-slice.csv'))('RegionName-C-004-C')).toMatchObject({ status: 'pass', violations: 0 });
  });

  it('a FOCUS 1.4 file is not failed for lacking the columns 1.3 replaced, and says which rules it was checked against', async () => {
    let out = '';
    const io = { out: (t: string) => (out += t), err: () => {} };
    const file = path.resolve(import.meta.dirname, '../../fixtures/focus-datasets/cost_and_usage-1.4.csv');
    expect(await runCli(['conformance', file, '--json'], io)).toBe(0);
    const [report] = JSON.parse(out);
    expect(report.note).toMatch(/^FOCUS 1\.4 file checked against the 1\.2 rules: no FinOps Foundation rule model for 1\.4 ships with the app/);
    expect(report.rules.find((r: { id: string }) => r.id === 'CostAndUsage-D-021-M')).toMatchObject({
      status: 'not-applicable',
      reason: 'PublisherName is replaced by HostProviderName from FOCUS 1.3 (removed in 1.4)',
    });
  });
});
