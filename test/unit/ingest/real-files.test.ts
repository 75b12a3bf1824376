/**
 * Every vendored real export loads as it is, is detected as the right format, and its per-currency
 * totals equal the exact sum of the source cost column, computed here without DuckDB (own CSV
 * parser, bigint decimals). Canonical money has 18 decimals, so each source value with more is
 * rounded once: the difference must stay within rows x 0.5e-18, and agree to 15 decimals.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { parseDecimal } from '../../../src/model/money';
import { adapters, createNodeEngine, type Engine } from './helpers';
import { csvRecords } from './csv-reference';

const REAL = path.resolve(__dirname, '../../../samples/real');
const SCALE = 30;

interface Case {
  file: string;
  format: string;
  rows: number;
  currency: string;
  /** Source columns summed for billed_cost and effective_cost. */
  billed: string;
  effective: string;
}

const cases: Case[] = [
  {
    file: 'focus-sample/focus_sample.csv',
    format: 'focus-1.0',
    rows: 1000,
    currency: 'BillingCurrency',
    billed: 'BilledCost',
    effective: 'EffectiveCost',
  },
  {
    file: 'focus-converters/aws-cur-legacy-sample.csv',
    format: 'aws-cur',
    rows: 1281,
    currency: 'lineItem/CurrencyCode',
    billed: 'lineItem/UnblendedCost',
    effective: 'lineItem/UnblendedCost',
  },
  {
    file: 'focus-converters/azure-ea-sample.csv',
    format: 'azure-ea',
    rows: 27,
    currency: 'BillingCurrencyCode',
    billed: 'CostInBillingCurrency',
    effective: 'CostInBillingCurrency',
  },
  {
    file: 'focus-converters/oci-cost-sample.csv',
    format: 'oci',
    rows: 506,
    currency: 'cost/currencyCode',
    billed: 'cost/myCost',
    effective: 'cost/myCost',
  },
  { file: 'finops-toolkit/EA_ActualCost_Small.csv', format: 'azure-ea', rows: 11, currency: 'BillingCurrency', billed: 'Cost', effective: 'Cost' },
  { file: 'finops-toolkit/EA_AmortizedCost_Small.csv', format: 'azure-ea', rows: 28, currency: 'BillingCurrency', billed: 'Cost', effective: 'Cost' },
];

/** Exact per-currency sums of `column` at SCALE decimals. */
function expectedTotals(text: string, currencyCol: string, column: string): Map<string, bigint> {
  const { records } = csvRecords(text);
  const out = new Map<string, bigint>();
  for (const r of records) {
    const v = r[column].trim();
    if (v === '' || v === 'NULL') continue;
    out.set(r[currencyCol], (out.get(r[currencyCol]) ?? 0n) + parseDecimal(v, SCALE));
  }
  return out;
}

function expectClose(actual: string, exact: bigint, rows: number, what: string) {
  const diff = parseDecimal(actual, SCALE) - exact;
  const bound = BigInt(rows) * 5n * 10n ** BigInt(SCALE - 19); // rows x 0.5e-18
  expect(diff <= bound && diff >= -bound, `${what}: ${actual} vs exact ${exact} (scale ${SCALE})`).toBe(true);
}

describe('real cost exports', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  for (const c of cases) {
    it(`${c.file} -> ${c.format}, ${c.rows} rows, exact totals`, async () => {
      const full = path.join(REAL, c.file);
      const t0 = performance.now();
      const r = await loadLocalFile(engine, full, { adapters });
      const ms = performance.now() - t0;
      expect(r.format).toBe(c.format);
      expect(r.kind).toBe('cost');
      expect(r.rows).toBe(c.rows);
      const text = readFileSync(full, 'utf8');
      const billed = expectedTotals(text, c.currency, c.billed);
      const effective = expectedTotals(text, c.currency, c.effective);
      expect(Object.keys(r.totals).sort()).toEqual([...billed.keys()].sort());
      for (const [cur, exact] of billed) expectClose(r.totals[cur].billed_cost, exact, c.rows, `${c.file} ${cur} billed_cost`);
      for (const [cur, exact] of effective) expectClose(r.totals[cur].effective_cost, exact, c.rows, `${c.file} ${cur} effective_cost`);
      // The canonical table holds exactly these rows, with provenance.
      const [n] = await engine.query('SELECT count(*) AS n, min(source_row) AS lo, max(source_row) AS hi FROM cost_lines WHERE source_file = ?', [
        path.basename(full),
      ]);
      expect(n).toEqual({ n: c.rows, lo: 1, hi: c.rows });
      console.log(`load ${c.file}: ${ms.toFixed(0)} ms`);
    });
  }

  it('loads the FOCUS specification correction examples (no currency column, "(null)" and "null" nulls)', async () => {
    const dir = path.join(REAL, 'focus-spec-corrections/closed-billing-period');
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files).toHaveLength(11);
    for (const f of files) {
      const r = await loadLocalFile(engine, path.join(dir, f), { adapters, name: `corrections/${f}` });
      const { records } = csvRecords(readFileSync(path.join(dir, f), 'utf8'));
      const exact = records.reduce((s, x) => s + parseDecimal(x.BilledCost, SCALE), 0n);
      expect([r.format, r.rows]).toEqual(['focus-1.2', records.length]);
      expectClose(r.totals['(none)'].billed_cost, exact, records.length, f);
      expect(r.warnings).toEqual([`${records.length} rows have no BillingCurrency; their totals are listed under (none)`]);
    }
    const [c] = await engine.query(
      `SELECT count(*) FILTER (WHERE ChargeClass = 'Correction') AS n FROM cost_lines WHERE source_file LIKE 'corrections/%'`,
    );
    expect(c.n).toBeGreaterThan(0);
  });

  it('explodes tags from every provider layout', async () => {
    const rows = await engine.query(
      `SELECT c.source_file AS f, t.key, count(*) AS n, min(t.value) AS v FROM cost_tags t JOIN cost_lines c ON c.x_line_id = t.line_id
       WHERE (c.source_file, t.key) IN (('focus_sample.csv', 'application'), ('azure-ea-sample.csv', 'tagA'),
         ('EA_ActualCost_Small.csv', 'CostCenter'), ('oci-cost-sample.csv', 'Valtest.Cat'))
       GROUP BY ALL ORDER BY ALL`,
    );
    expect(rows).toEqual([
      { f: 'EA_ActualCost_Small.csv', key: 'CostCenter', n: 8, v: '1234' },
      { f: 'azure-ea-sample.csv', key: 'tagA', n: 27, v: 'valueA' },
      { f: 'focus_sample.csv', key: 'application', n: expect.any(Number), v: expect.any(String) },
      { f: 'oci-cost-sample.csv', key: 'Valtest.Cat', n: 74, v: 'boots' },
    ]);
    // Independent count of FOCUS lines whose Tags JSON has an "application" key.
    const { records } = csvRecords(readFileSync(path.join(REAL, 'focus-sample/focus_sample.csv'), 'utf8'));
    expect(rows[2].n).toBe(records.filter((r) => r.Tags !== 'NULL' && 'application' in JSON.parse(r.Tags)).length);
  });

  it('gives every AWS, Azure and OCI line a FOCUS ServiceCategory from the allowed values', async () => {
    // The allowed values, read from the FinOps Foundation's rule model (ServiceCategory-C-003-M).
    const model = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../../src/analysis/conformance/focus-validator/model-1.2.json'), 'utf8'),
    ) as Record<string, unknown>;
    const allowed: string[] = [];
    const find = (o: unknown): void => {
      if (Array.isArray(o)) return o.forEach(find);
      if (!o || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o)) {
        if (k === 'ServiceCategory-C-003-M') {
          for (const item of (v as { ValidationCriteria: { Requirement: { Items: { Value: string }[] } } }).ValidationCriteria.Requirement.Items)
            allowed.push(item.Value);
        } else find(v);
      }
    };
    find(model);
    expect(allowed).toContain('Other');
    const rows = await engine.query<{ f: string; svc: string; cat: string | null }>(
      `SELECT DISTINCT source_file AS f, ServiceName AS svc, ServiceCategory AS cat FROM cost_lines
       WHERE source_format IN ('aws-cur', 'azure-ea', 'oci') ORDER BY ALL`,
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(allowed, `${r.f} ${r.svc} -> ${r.cat}`).toContain(r.cat);
    const cat = (f: string, svc: string) => rows.find((r) => r.f === f && r.svc === svc)?.cat;
    expect(cat('aws-cur-legacy-sample.csv', 'AmazonS3')).toBe('Storage');
    expect(cat('aws-cur-legacy-sample.csv', 'awskms')).toBe('Security');
    expect(cat('azure-ea-sample.csv', 'microsoft.compute')).toBe('Compute');
    expect(cat('azure-ea-sample.csv', 'MICROSOFT.DATAFACTORY')).toBe('Analytics');
    expect(cat('EA_ActualCost_Small.csv', 'Microsoft.Sql')).toBe('Databases');
    expect(cat('oci-cost-sample.csv', 'TELEMETRY')).toBe('Management and Governance');
    // Few lines are left to 'Other' in these samples.
    expect(rows.filter((r) => r.cat === 'Other').map((r) => r.svc)).toEqual(['Microsoft.Capacity']);
  });
});
