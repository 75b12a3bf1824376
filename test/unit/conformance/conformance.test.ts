import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { checkConformance, rawTarget, type ConformanceReport } from '../../../src/analysis/conformance/evaluate';
import { focusRuleModel, modelInconsistency, normaliseCheck } from '../../../src/analysis/conformance/model';
import { keyValueProblem } from '../../../src/analysis/conformance/checks';
import { loadedTarget } from '../../../src/analysis/conformance/targets';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { runCli } from '../../../src/cli/main';

const FOCUS12 = path.resolve(import.meta.dirname, '../../fixtures/parquet/focus-1.2.csv');
let engine: Engine;
let clean: ConformanceReport;
let broken: ConformanceReport;

const rule = (r: ConformanceReport, id: string) => r.rules.find((x) => x.id === id)!;

/**
 * A FOCUS 1.2 file as delivered, minus the optional columns; row 2 breaks several rules on
 * purpose: an unknown ChargeCategory, a null BilledCost, a non-ISO timestamp, a non-object Tags,
 * a negative ListUnitPrice and ListUnitPrice x PricingQuantity != ListCost.
 */
const COLUMNS =
  'BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,' +
  'ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,ContractedCost,EffectiveCost,InvoiceIssuerName,ListCost,' +
  'ListUnitPrice,PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,ServiceCategory,ServiceName,Tags';
const GOOD = [
  '1.5',
  'A1',
  'Acme',
  'USD',
  '2025-02-01T00:00:00Z',
  '2025-01-01T00:00:00Z',
  'Usage',
  null,
  'VM hours',
  'Usage-Based',
  '2025-01-01T01:00:00Z',
  '2025-01-01T00:00:00Z',
  '1.5',
  '1.5',
  'Cloud',
  '2.0',
  '0.5',
  'Standard',
  '4',
  'Hours',
  'Cloud',
  'Cloud',
  'Compute',
  'VMs',
  '{"team":"a"}',
];

async function rawRelation(rows: (string | null)[][]): Promise<string> {
  const names = COLUMNS.split(',');
  const values = rows.map((r, i) => `(${[...r.map((v) => (v === null ? 'CAST(NULL AS VARCHAR)' : `'${v}'`)), i + 1].join(', ')})`).join(', ');
  await engine.exec(
    `CREATE OR REPLACE TABLE synthetic AS SELECT * FROM (VALUES ${values}) t(${[...names, '__row'].map((n) => `"${n}"`).join(', ')})`,
  );
  return 'synthetic';
}

beforeAll(async () => {
  engine = await createNodeEngine();
  const bad = [...GOOD];
  const set = (col: string, v: string | null) => (bad[COLUMNS.split(',').indexOf(col)] = v);
  set('ChargeCategory', 'Bogus');
  set('BilledCost', null);
  set('ChargePeriodStart', '2025-01-01 00:00:00');
  set('Tags', '["not","an","object"]');
  set('ListUnitPrice', '-0.5');
  clean = await checkConformance(engine, rawTarget('good.csv', await rawRelation([GOOD, GOOD]), COLUMNS.split(',')));
  broken = await checkConformance(engine, rawTarget('bad.csv', await rawRelation([GOOD, bad, GOOD]), COLUMNS.split(',')));
});
afterAll(async () => engine?.close());

describe('FOCUS conformance against model-1.2.json', () => {
  it('accounts for every one of the 621 rules, never passing a rule it cannot evaluate', () => {
    expect(focusRuleModel().rules.size).toBe(621);
    for (const r of [clean, broken]) {
      expect(r.rules).toHaveLength(621);
      expect(Object.values(r.summary).reduce((a, b) => a + b, 0)).toBe(621);
      for (const x of r.rules) {
        if (x.status === 'not-checked' || x.status === 'not-applicable') expect(x.reason, x.id).toBeTruthy();
      }
      // Prose-only rules are listed as not checked, with the reason.
      expect(rule(r, 'BilledCost-C-006-M')).toMatchObject({ status: 'not-checked', reason: expect.stringMatching(/prose only/) });
      expect(rule(r, 'Tags-C-002-O')).toMatchObject({ status: 'not-checked', reason: expect.stringMatching(/^MAY/) });
    }
  });

  it('passes the clean rows on the rules they exercise', () => {
    for (const id of [
      'ChargeCategory-C-003-M',
      'BilledCost-C-003-M',
      'ChargePeriodStart-C-002-M',
      'Tags-C-001-M',
      'ListUnitPrice-C-008-M',
      'ListCost-C-009-C',
      'BillingCurrency-C-006-M',
    ]) {
      expect(rule(clean, id), id).toMatchObject({ status: 'pass', violations: 0 });
    }
    expect(rule(clean, 'CostAndUsage-D-008-M').status).toBe('pass'); // a mandatory column present
  });

  it('lists violations by rule id with counts and example source rows', () => {
    expect(rule(broken, 'ChargeCategory-C-003-M')).toMatchObject({
      status: 'fail',
      checked: 3,
      violations: 1,
      examples: [{ row: 2, values: { ChargeCategory: 'Bogus' } }],
    });
    expect(rule(broken, 'BilledCost-C-003-M')).toMatchObject({ status: 'fail', violations: 1, examples: [{ row: 2 }] });
    expect(rule(broken, 'ChargePeriodStart-C-002-M')).toMatchObject({
      status: 'fail',
      violations: 1,
      examples: [{ row: 2, values: { ChargePeriodStart: '2025-01-01 00:00:00' } }],
    });
    expect(rule(broken, 'Tags-C-001-M')).toMatchObject({
      status: 'fail',
      violations: 1,
      examples: [{ row: 2, values: { problem: 'not a JSON object' } }],
    });
    expect(rule(broken, 'ListUnitPrice-C-008-M')).toMatchObject({ status: 'fail', violations: 1 });
    expect(rule(broken, 'ListCost-C-009-C')).toMatchObject({ status: 'fail', violations: 1, examples: [{ row: 2 }] });
    expect(rule(broken, 'ChargeCategory-C-000-M').status).toBe('fail'); // composites follow their parts
    expect(broken.summary.fail).toBeGreaterThan(clean.summary.fail);
  });

  it('judges absent columns by their presence rules and capability-gated rules as not applicable', () => {
    expect(rule(clean, 'CostAndUsage-D-033-O')).toMatchObject({ status: 'warn', reason: 'column InvoiceId is not in the dataset' });
    expect(rule(clean, 'AvailabilityZone-C-001-M').status).toBe('not-applicable');
    expect(rule(clean, 'CostAndUsage-D-003-C')).toMatchObject({
      status: 'not-checked',
      reason: expect.stringMatching(/AVAILABILITY_ZONE_SUPPORTED/),
    });
  });

  it('reports model contradictions instead of enforcing either reading', () => {
    const m = focusRuleModel();
    expect(modelInconsistency(m.rules.get('CommitmentDiscountStatus-C-003-C')!)).toMatch(/contradict|says/);
    expect(modelInconsistency(m.rules.get('BilledCost-C-003-M')!)).toBeNull();
    // "InvoiceId MUST be null when the charge is not associated with an invoice": no machine condition.
    expect(rule(clean, 'InvoiceId-C-004-C')).toMatchObject({ status: 'not-checked', reason: expect.stringMatching(/prose only/) });
    expect(normaliseCheck({ AND: { CheckFunction: 'CheckValue', ColumnName: 'X', Value: null } })).toEqual({
      CheckFunction: 'AND',
      Items: [{ CheckFunction: 'CheckValue', ColumnName: 'X', Value: null }],
    });
    expect(keyValueProblem('{"a":1,"b":null}')).toBeNull();
    expect(keyValueProblem('{"a":{"b":1}}')).toMatch(/object/);
    expect(keyValueProblem('a=b')).toBe('not valid JSON');
  });

  it('checks the cost lines a file loaded into (typed), treating columns the source lacks as absent', async () => {
    const loaded = await loadLocalFile(engine, FOCUS12, { adapters: createAdapterRegistry() });
    const target = await loadedTarget(engine, loaded.file, []);
    expect(target.absent).toContain('CapacityReservationId');
    const r = await checkConformance(engine, target);
    expect(r.rows).toBe(48);
    expect(rule(r, 'BilledCost-C-001-M').status).toBe('pass'); // DECIMAL column
    expect(rule(r, 'ChargeCategory-C-003-M')).toMatchObject({ status: 'pass', checked: 48 });
    expect(rule(r, 'ChargeClass-C-005-C')).toMatchObject({ status: 'pass', violations: 0 });
    expect(rule(r, 'ChargeClass-C-001-M').status).toBe('pass'); // VARCHAR column
  });

  it('`finops conformance --raw --json` prints one report per file; bad input is a one-line error', async () => {
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    expect(await runCli(['conformance', FOCUS12, '--raw', '--json'], io)).toBe(1); // MUST rules fail (below)
    expect(err).toBe(
      `finops conformance: MUST rules fail in ${path.basename(FOCUS12)} (${JSON.parse(out)[0].summary.fail}) (--allow-failures exits 0)\n`,
    );
    out = '';
    err = '';
    expect(await runCli(['conformance', FOCUS12, '--raw', '--json', '--allow-failures'], io)).toBe(0);
    const [report] = JSON.parse(out);
    expect(report).toMatchObject({ file: FOCUS12, format: 'focus-1.2', checked: 'raw', rows: 48 });
    expect(report.rules).toHaveLength(621);
    // The fixture writes timestamps as 'YYYY-MM-DD HH:MM:SS', not FOCUS's ISO 8601 'Z' form.
    expect(report.rules.find((x: { id: string }) => x.id === 'ChargePeriodStart-C-002-M')).toMatchObject({ status: 'fail', violations: 48 });
    out = '';
    expect(await runCli(['conformance', path.join(FOCUS12, 'missing.csv')], io)).toBe(1);
    expect(err).toMatch(/missing\.csv: cannot open/);
    expect(await runCli(['conformance', FOCUS12, '--supports', 'NOPE'], io)).toBe(2);
  });
});
