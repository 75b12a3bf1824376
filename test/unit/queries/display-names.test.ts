/**
 * One display name per provider and service on real exports: AWS CUR's `AmazonS3` and the FOCUS
 * sample's `Amazon Simple Storage Service` are one row of the Cost screen with both source names
 * beside it; Azure EA's `Azure` / `Microsoft.Compute` (any case) read as Microsoft's FOCUS names.
 * Expected sums come from the CSV text with BigInt, not from the engine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { defaultBillingConfig } from '../../../src/model/mappings';
import { parseCsv } from '../../../src/model/csv';
import { parseDecimal } from '../../../src/model/money';
import { displayName } from '../../../src/model/display-names';
import { runQuery } from '../../../src/queries/query';
import { costByService } from '../../../src/queries/cost/by-service';
import { costLinesOfService } from '../../../src/queries/cost/lines-of-service';
import { dimensionValues, dimensionJoins, filterConditions, type Dimension } from '../../../src/queries/cost/dimensions';
import { costByGroup } from '../../../src/queries/cost/explore';
import { buildRollup, rollupFor } from '../../../src/queries/cost/rollup';

const FIX = path.resolve(__dirname, '../../fixtures');
const FILES = ['display-names/aws-cur-s3.csv', 'display-names/focus-s3-vm.csv', 'conformance-real/azure-ea-slice.csv'].map((f) => path.join(FIX, f));

/** Sum of a cost column over the rows where `col` = one of `values`, from the CSV text (18 places). */
function sumOf(file: string, col: string, values: string[], cost: string): bigint {
  const [head, ...rows] = parseCsv(readFileSync(path.join(FIX, file), 'utf8').replace(/^\uFEFF/, ''));
  return rows
    .filter((r) => r.length === head.length && values.includes(r[head.indexOf(col)]))
    .reduce((a, r) => a + parseDecimal(r[head.indexOf(cost)], 18), 0n);
}

describe('display names across providers', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    const adapters = createAdapterRegistry(defaultBillingConfig());
    for (const f of FILES) await loadLocalFile(engine, f, { adapters });
  }, 60_000);
  afterAll(async () => engine?.close());

  it('maps case-insensitively and leaves unknown values as they came', () => {
    expect(displayName('ServiceName', 'AmazonS3')).toBe('Amazon Simple Storage Service');
    expect(displayName('ServiceName', 'MICROSOFT.COMPUTE')).toBe('Virtual Machines');
    expect(displayName('ProviderName', 'Azure')).toBe('Microsoft');
    expect(displayName('ServiceName', 'Northwind Widgets')).toBe('Northwind Widgets');
    expect(displayName('RegionId', 'aws')).toBe('aws');
  });

  it('AmazonS3 (CUR) and Amazon Simple Storage Service (FOCUS) are one service, their sum exact, both source names shown', async () => {
    const rows = await runQuery(engine, costByService({ currency: 'USD', period: 'all' }));
    expect(rows.map((r) => r.service)).not.toContain('AmazonS3');
    const s3 = rows.filter((r) => r.service === 'Amazon Simple Storage Service');
    expect(s3).toHaveLength(1);
    expect(s3[0].provider).toBe('AWS');
    expect(s3[0].source_service).toBe('Amazon Simple Storage Service · AmazonS3');
    const want =
      sumOf('display-names/aws-cur-s3.csv', 'lineItem/ProductCode', ['AmazonS3'], 'lineItem/UnblendedCost') +
      sumOf('display-names/focus-s3-vm.csv', 'ServiceName', ['Amazon Simple Storage Service'], 'BilledCost');
    expect(parseDecimal(s3[0].billed_cost!, 18)).toBe(want);
    expect(s3[0].lines).toBe(5);
    const lines = await runQuery(engine, costLinesOfService({ currency: 'USD', period: 'all', service: s3[0].service, provider: s3[0].provider }));
    expect(lines.map((l) => l.ServiceName).sort()).toEqual([
      'Amazon Simple Storage Service',
      'Amazon Simple Storage Service',
      'AmazonS3',
      'AmazonS3',
      'AmazonS3',
    ]);
  });

  it('Azure EA reads as Microsoft, its resource providers as the FOCUS service names, whatever their case', async () => {
    const cad = await runQuery(engine, costByService({ currency: 'CAD', period: 'all' }));
    const vm = cad.find((r) => r.service === 'Virtual Machines')!;
    expect(vm.provider).toBe('Microsoft');
    expect(vm.source_provider).toBe('Azure');
    expect(vm.source_service).toBe('Microsoft.Compute · microsoft.compute');
    expect(parseDecimal(vm.billed_cost!, 18)).toBe(
      sumOf('conformance-real/azure-ea-slice.csv', 'ConsumedService', ['Microsoft.Compute', 'microsoft.compute'], 'CostInBillingCurrency'),
    );
    const providers: Dimension = { kind: 'column', name: 'ProviderName' };
    expect((await runQuery(engine, dimensionValues(providers))).map((v) => v.value).sort()).toEqual(['AWS', 'Microsoft']);
  });

  it('an explorer filter on a display name keeps every source name behind it', async () => {
    const d: Dimension = { kind: 'column', name: 'ServiceName' };
    const j = dimensionJoins([d]);
    const f = filterConditions([{ dimension: d, mode: 'include', values: ['Amazon Simple Storage Service'] }], j.expr);
    const rows = (await engine.query(`SELECT c.ServiceName AS s FROM ${j.from.sql} WHERE ${f.sql}`, [...j.from.params, ...f.params])) as {
      s: string;
    }[];
    expect(rows.map((r) => r.s).sort()).toEqual([
      'Amazon Simple Storage Service',
      'Amazon Simple Storage Service',
      'AmazonS3',
      'AmazonS3',
      'AmazonS3',
    ]);
  });

  it('a rollup built from the lines (source values grouped, then named) answers as the lines do: S3 one row with the exact sum', async () => {
    const service: Dimension = { kind: 'column', name: 'ServiceName' };
    const provider: Dimension = { kind: 'column', name: 'ProviderName' };
    const region: Dimension = { kind: 'column', name: 'RegionId' };
    const groupBy = [provider, service];
    const rollup = rollupFor([...groupBy, region], 1);
    await runQuery(engine, buildRollup([...groupBy, region], rollup));
    const scope = { span: { from: '2000-01-01', to: '2100-01-01' }, previous: { from: '1900-01-01', to: '2000-01-01' }, metric: 'actual' as const };
    const filters = [{ dimension: service, mode: 'exclude' as const, values: ['Virtual Machines'] }];
    for (const f of [[], filters]) {
      const lines = await runQuery(engine, costByGroup({ ...scope, filters: f, groupBy }));
      expect(await runQuery(engine, costByGroup({ ...scope, filters: f, groupBy, rollup }))).toEqual(lines);
      const s3 = lines.filter((r) => r.group2 === 'Amazon Simple Storage Service');
      expect(s3).toHaveLength(1);
      expect(s3[0].lines).toBe(5);
      expect(parseDecimal(s3[0].cost, 18)).toBe(
        sumOf('display-names/aws-cur-s3.csv', 'lineItem/ProductCode', ['AmazonS3'], 'lineItem/UnblendedCost') +
          sumOf('display-names/focus-s3-vm.csv', 'ServiceName', ['Amazon Simple Storage Service'], 'BilledCost'),
      );
      expect(lines.some((r) => r.group2 === 'Virtual Machines')).toBe(f.length === 0);
    }
  });
});
