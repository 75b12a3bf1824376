/** `finops analyze` run as a real subprocess on a folder of the demo's file names, for the parity tests. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { InputFile } from './analyze-files';

const bin = path.resolve(import.meta.dirname, '../../bin/finops.mjs');
const INPUTS = [
  ['--cost', 'cost_focus.csv'],
  ['--usage', 'usage_cloudevents.ndjson'],
  ['--ledger', 'lago_invoice_fees.csv'],
  ['--prices', 'price_book.csv'],
] as const;

/** Every file the CLI wrote except summary.json (which holds timings): name -> text. */
export async function cliOutputs(dir: string, extra: string[] = []): Promise<Record<string, string>> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'finops-parity-out-')), 'out');
  await promisify(execFile)('node', [bin, 'analyze', ...INPUTS.flat(), '--config', 'config.json', ...extra, '--out', out], {
    cwd: dir,
    timeout: 180_000,
  });
  return Object.fromEntries(
    readdirSync(out)
      .filter((f) => f !== 'summary.json')
      .map((f) => [f, readFileSync(path.join(out, f), 'utf8')]),
  );
}

/** The same inputs as the app receives them: name and text. */
export const inputFiles = (dir: string): InputFile[] =>
  [...INPUTS.map(([, f]) => f), 'config.json'].map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));

export const OUTPUT_FILES = [
  'proposals.json',
  'proposals.csv',
  'anomalies.csv',
  'fraud.csv',
  'reconciliation.csv',
  'event_findings.csv',
  'margin.csv',
  'margin_detail.csv',
  'provider_check.csv',
];
