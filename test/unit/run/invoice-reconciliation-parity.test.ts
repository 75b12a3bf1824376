/**
 * `finops analyze --cost … --invoices …` (a real subprocess) and the app's path (files opened by
 * bytes, kind found from the header) write the same invoice_reconciliation.csv, byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { analyzeFiles } from '../../run/analyze-files';
import { analyzeCli, FOCUS_14_ARGS, FOCUS_14_DIR, focus14Files } from '../../run/cli-outputs';

let engine: Engine;
let cli: { csv: string; summary: { invoice_reconciliation: unknown }; stdout: string };
let app: Record<string, string>;

beforeAll(async () => {
  engine = await createNodeEngine();
  const [out, appFiles] = await Promise.all([analyzeCli(FOCUS_14_DIR, FOCUS_14_ARGS), analyzeFiles(engine, focus14Files(), 'config.json')]);
  app = appFiles;
  cli = { csv: out.files['invoice_reconciliation.csv'], summary: out.summary as typeof cli.summary, stdout: out.stdout };
}, 240_000);
afterAll(async () => engine?.close());

describe('invoice reconciliation in finops analyze and the app', () => {
  it('writes the same invoice_reconciliation.csv', () => {
    expect(app['invoice_reconciliation.csv']).toBe(cli.csv);
  });

  it('lists the planted differences with their rows', () => {
    const lines = cli.csv.split('\r\n');
    expect(lines[0].split(',').slice(0, 9)).toEqual([
      'level',
      'invoice_issuer_name',
      'invoice_id',
      'invoice_detail_id',
      'currency',
      'status',
      'invoice_billed_cost',
      'cost_billed_cost',
      'variance',
    ]);
    expect(lines.filter((l) => l.includes(',D-002,'))[0]).toMatch(/^detail,Nimbus Cloud Inc\.,INV-2605-001,D-002,USD,variance,45\.01,45\.00,0\.01,/);
    expect(lines.filter((l) => l.includes(',D-002,'))[0]).toContain(',invoice_detail.csv#2,cost_and_usage-1.4.csv#31 cost_and_usage-1.4.csv#32 ');
  });

  it('summarises the invoices and their differences', () => {
    expect(cli.summary.invoice_reconciliation).toEqual({ invoices: 4, status: { currency_mismatch: 2, variance: 1, matched: 1 }, findings: 7 });
    expect(cli.stdout).toContain('invoice reconciliation: 4 invoice scopes, 7 differences (2 currency_mismatch, 1 variance, 1 matched)');
  });
});
