import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/model/csv';
import { writeScenario } from '../../../scripts/gen-scenario';
import type { PlantedFault } from '../../scenario/generate';

const run = promisify(execFile);
const bin = path.resolve(__dirname, '../../../bin/finops.mjs');

async function finops(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('node', [bin, ...args], { cwd, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('finops analyze (subprocess)', () => {
  let dir: string;
  let out: string;
  let result: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'finops-analyze-'));
    writeScenario(dir, { seed: 3 });
    out = path.join(dir, 'out');
    result = await finops(
      [
        'analyze',
        '--cost',
        'cost_focus.csv',
        '--usage',
        'usage_cloudevents.ndjson',
        '--ledger',
        'lago_invoice_fees.csv',
        '--prices',
        'price_book.csv',
        '--config',
        'config.json',
        '--out',
        out,
      ],
      dir,
    );
  }, 180_000);

  const csv = (name: string) => parseCsv(readFileSync(path.join(out, name), 'utf8'));

  it('exits 0 and writes the contract files with the contract headers', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(csv('reconciliation.csv')[0].slice(0, 11)).toEqual(
      'customer_id,sku,period,currency,metered_quantity,billed_quantity,quantity_delta,expected_amount,billed_amount,amount_delta,status'.split(','),
    );
    expect(csv('margin.csv')[0].slice(0, 6)).toEqual('sku,currency,revenue,cost,margin,margin_pct'.split(','));
    expect(csv('proposals.csv')[0].slice(0, 13)).toEqual(
      'proposal_id,direction,customer_id,sku,period,currency,amount,quantity_delta,finding_code,reason_stripe,reason_lago,evidence,confidence'.split(
        ',',
      ),
    );
    expect(csv('anomalies.csv')[0]).toContain('series_key');
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.row_counts.ledger).toBeGreaterThan(10);
    expect(summary.slis.duplicate_ratio).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path.join(out, 'proposals.json'), 'utf8')).proposals.length).toBeGreaterThan(0);
  });

  it('writes the planted deltas exactly', () => {
    const planted = JSON.parse(readFileSync(path.join(dir, 'planted.json'), 'utf8')) as PlantedFault[];
    const rows = csv('reconciliation.csv');
    const h = rows[0];
    const at = (r: string[], c: string) => r[h.indexOf(c)];
    for (const p of planted.filter((x) => x.reconciliation)) {
      const row = rows.find((r) => at(r, 'customer_id') === p.customer_id && at(r, 'sku') === p.sku && at(r, 'currency') === p.currency);
      expect(row, p.kind).toBeDefined();
      expect([at(row!, 'status'), at(row!, 'amount_delta')]).toEqual([p.reconciliation!.status, p.reconciliation!.amount_delta]);
    }
    const gpu = csv('margin.csv').find((r) => r[0] === 'gpu_minutes' && r[1] === 'USD')!;
    const p = planted.find((x) => x.kind === 'negative_margin')!;
    expect(gpu.slice(2, 5)).toEqual([p.margin!.revenue, p.margin!.cost, p.margin!.margin]);
  });

  it('a bad ledger fails with one line naming file, row and column, and no stack trace', async () => {
    const bad = readFileSync(path.join(dir, 'lago_invoice_fees.csv'), 'utf8').replace(/,USD,/, ',USX,');
    writeFileSync(path.join(dir, 'bad_fees.csv'), bad);
    const r = await finops(['analyze', '--ledger', 'bad_fees.csv', '--out', path.join(dir, 'out-bad')], dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad_fees\.csv: row 1, column "fee_amount_currency": expected an ISO 4217 currency code/);
  }, 120_000);
});
