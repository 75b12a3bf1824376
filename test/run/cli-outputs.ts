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
  return (await analyzeCli(dir, [...INPUTS.flat(), '--config', 'config.json', ...extra])).files;
}

/** `finops analyze ARGS --out DIR` in `dir`: the files it wrote (summary.json apart) and its stdout. */
export async function analyzeCli(dir: string, args: string[]): Promise<{ files: Record<string, string>; summary: unknown; stdout: string }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'finops-parity-out-')), 'out');
  const { stdout } = await promisify(execFile)('node', [bin, 'analyze', ...args, '--out', out], { cwd: dir, timeout: 180_000 });
  const names = readdirSync(out).filter((f) => f !== 'summary.json');
  return {
    files: Object.fromEntries(names.map((f) => [f, readFileSync(path.join(out, f), 'utf8')])),
    summary: JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')),
    stdout,
  };
}

/** The same inputs as the app receives them: name and text. */
export const inputFiles = (dir: string): InputFile[] =>
  [...INPUTS.map(([, f]) => f), 'config.json'].map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));

/** The FOCUS 1.4 fixture pair (test/fixtures/focus-datasets) as `finops analyze` arguments and as the app's files. */
export const FOCUS_14_DIR = path.resolve(import.meta.dirname, '../fixtures/focus-datasets');
const FOCUS_14 = { cost: 'cost_and_usage-1.4.csv', invoices: ['invoice_detail.csv', 'billing_period.csv'], commitments: 'contract_commitment.csv' };
export const FOCUS_14_ARGS = ['--cost', FOCUS_14.cost, '--invoices', ...FOCUS_14.invoices, '--commitments', FOCUS_14.commitments];
/** The same files with an empty config.json, as the app receives them. */
export const focus14Files = (): InputFile[] => [
  ...[FOCUS_14.cost, ...FOCUS_14.invoices, FOCUS_14.commitments].map((name) => ({ name, text: readFileSync(path.join(FOCUS_14_DIR, name), 'utf8') })),
  { name: 'config.json', text: '{}\n' },
];

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
