/**
 * Every proposal export format, in one table the CLI (`--format`) and the app's export menu read:
 * its label, file extension, MIME type and writer. Adding a format is a writer and one entry here.
 */
import { lagoPayloads, stripePayloads } from './export-billing';
import { proposalsParquet } from './export-parquet';
import { proposalsCsv, proposalsJson, proposalsXlsx, type ExportScope } from './export-tabular';
import type { ReviewedProposal } from './review';

interface ExportFormatSpec {
  label: string;
  /** File name extension, without the dot. */
  ext: string;
  mime: string;
  /** Text formats return a string, binary ones bytes. Parquet needs parquet-wasm initialised. */
  write(selected: ReviewedProposal[], scope: ExportScope): string | Uint8Array | Promise<string | Uint8Array>;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

export const EXPORT_FORMAT_TABLE = {
  csv: { label: 'CSV (spreadsheets)', ext: 'csv', mime: 'text/csv', write: (rows) => proposalsCsv(rows) },
  json: { label: 'JSON', ext: 'json', mime: 'application/json', write: (rows, scope) => proposalsJson(rows, scope) },
  xlsx: {
    label: 'Excel workbook (.xlsx)',
    ext: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    write: (rows, scope) => proposalsXlsx(rows, scope),
  },
  parquet: { label: 'Parquet', ext: 'parquet', mime: 'application/vnd.apache.parquet', write: (rows) => proposalsParquet(rows) },
  stripe: { label: 'Stripe credit-note payloads (JSON)', ext: 'stripe.json', mime: 'application/json', write: (rows) => json(stripePayloads(rows)) },
  lago: { label: 'Lago credit-note payloads (JSON)', ext: 'lago.json', mime: 'application/json', write: (rows) => json(lagoPayloads(rows)) },
} as const satisfies Record<string, ExportFormatSpec>;

export type ExportFormat = keyof typeof EXPORT_FORMAT_TABLE;
export const EXPORT_FORMATS = Object.keys(EXPORT_FORMAT_TABLE) as ExportFormat[];

export async function exportProposals(rows: ReviewedProposal[], format: ExportFormat, scope: ExportScope): Promise<string | Uint8Array> {
  const selected = scope.approvedOnly ? rows.filter((r) => r.state === 'approved') : rows;
  return EXPORT_FORMAT_TABLE[format].write(selected, scope);
}
