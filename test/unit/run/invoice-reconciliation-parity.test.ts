/**
 * `finops analyze --cost … --invoices …` (a real subprocess) and the app's path (files opened by
 * bytes, kind found from the header) write the same invoice_reconciliation.csv, byte for byte.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { analyzeFiles } from '../../run/analyze-files';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/focus-datasets');
const bin = path.resolve(import.meta.dirname, '../../../bin/finops.mjs');
const FILES = ['cost_and_usage-1.4.csv', 'invoice_detail.csv', 'billing_period.csv', 'contract_commitment.csv'];

let engine: Engine;
let cli: { csv: string; summary: { invoice_reconciliation: unknown }; stdout: string };
let app: Record<string, string>;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'finops-invoices-'));
  for (const f of FILES) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  writeFileSync(path.join(dir, 'config.json'), '{}\n');
  const out = path.join(dir, 'out');
  const run = promisify(execFile)(
    'node',
    [bin, 'analyze', '--cost', FILES[0], '--invoices', FILES[1], FILES[2], '--commitments', FILES[3], '--config', 'config.json', '--out', out],
    { cwd: dir, timeout: 180_000 },
  );
  engine = await createNodeEngine();
  const files = [...FILES, 'config.json'].map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
  const [{ stdout }, appFiles] = await Promise.all([run, analyzeFiles(engine, files, 'config.json')]);
  app = appFiles;
  cli = {
    csv: readFileSync(path.join(out, 'invoice_reconciliation.csv'), 'utf8'),
    summary: JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')),
    stdout,
  };
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
