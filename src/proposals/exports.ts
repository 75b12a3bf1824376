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
  /**
   * CSV flavours only: whether the text starts with a UTF-8 byte-order mark unless the caller
   * says (ExportScope.bom). Excel on Windows reads a BOM-less CSV in the ANSI code page, so
   * "Zürich" or "€" come out garbled; other tools may show the BOM as a stray character.
   */
  bom?: boolean;
  /** Text formats return a string, binary ones bytes. Parquet needs parquet-wasm initialised. */
  write(selected: ReviewedProposal[], scope: ExportScope): string | Uint8Array | Promise<string | Uint8Array>;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

export const EXPORT_FORMAT_TABLE = {
  csv: { label: 'CSV (spreadsheets)', ext: 'csv', mime: 'text/csv', bom: false, write: (rows) => proposalsCsv(rows) },
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
  'csv-excel': { label: 'CSV for Excel (UTF-8 with BOM)', ext: 'csv', mime: 'text/csv', bom: true, write: (rows) => proposalsCsv(rows) },
} as const satisfies Record<string, ExportFormatSpec>;

export type ExportFormat = keyof typeof EXPORT_FORMAT_TABLE;
export const EXPORT_FORMATS = Object.keys(EXPORT_FORMAT_TABLE) as ExportFormat[];

/** Whether the format takes the BOM option (the CSV flavours). */
export const takesBom = (format: ExportFormat): boolean => 'bom' in EXPORT_FORMAT_TABLE[format];

export async function exportProposals(rows: ReviewedProposal[], format: ExportFormat, scope: ExportScope): Promise<string | Uint8Array> {
  const selected = scope.approvedOnly ? rows.filter((r) => r.state === 'approved') : rows;
  const spec: ExportFormatSpec = EXPORT_FORMAT_TABLE[format];
  const data = await spec.write(selected, scope);
  const bom = spec.bom === undefined ? false : (scope.bom ?? spec.bom);
  return bom && typeof data === 'string' ? '\uFEFF' + data : data;
}
