/** One entry point for every proposal export format (CLI and app). */
import { lagoPayloads, stripePayloads } from './export-billing';
import { proposalsParquet } from './export-parquet';
import { proposalsCsv, proposalsJson, proposalsXlsx, type ExportScope } from './export-tabular';
import type { ReviewedProposal } from './review';

export const EXPORT_FORMATS = ['csv', 'json', 'xlsx', 'parquet', 'stripe', 'lago'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Text formats return a string, binary ones bytes. Parquet needs parquet-wasm initialised. */
export async function exportProposals(rows: ReviewedProposal[], format: ExportFormat, scope: ExportScope): Promise<string | Uint8Array> {
  const selected = scope.approvedOnly ? rows.filter((r) => r.state === 'approved') : rows;
  switch (format) {
    case 'csv':
      return proposalsCsv(selected);
    case 'json':
      return proposalsJson(selected, scope);
    case 'xlsx':
      return proposalsXlsx(selected, scope);
    case 'parquet':
      return proposalsParquet(selected);
    case 'stripe':
      return JSON.stringify(stripePayloads(selected), null, 2) + '\n';
    case 'lago':
      return JSON.stringify(lagoPayloads(selected), null, 2) + '\n';
  }
}
