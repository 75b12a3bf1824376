/**
 * Proposals as Parquet: an Arrow table (built through src/engine/arrow.ts) written by
 * parquet-wasm. Money is exact: `amount_minor` INT64 plus `currency_exponent`, and `amount` as the
 * decimal text. The caller initialises parquet-wasm once (Node: node-parquet-wasm.ts).
 */
import initWasm, { readParquet, Table as WasmTable, writeParquet, type InitInput } from 'parquet-wasm/esm';
import { arrow } from '../engine/arrow';
import { currencyExponent } from '../model/money';
import { EXPORT_COLUMNS, exportRow } from './export-rows';
import type { ReviewedProposal } from './review';

let ready: Promise<unknown> | null = null;

/** Instantiates parquet-wasm from its .wasm bytes or URL (idempotent). */
export function initParquetWasm(wasm: InitInput): Promise<unknown> {
  ready ??= initWasm({ module_or_path: wasm });
  return ready;
}

const TEXT_COLUMNS = EXPORT_COLUMNS.filter((c) => c !== 'amount_minor' && c !== 'confidence' && c !== 'edited');

/** The Arrow table of the export (also what the engine can load with insertArrowIPC). */
export function proposalsArrowTable(rows: ReviewedProposal[]) {
  const flat = rows.map(exportRow);
  const cols: Record<string, arrow.Vector> = {};
  for (const c of TEXT_COLUMNS) cols[c] = arrow.vectorFromArray(flat.map((r) => r[c]), new arrow.Utf8());
  cols.amount_minor = arrow.vectorFromArray(rows.map((r) => r.proposal.amount_minor), new arrow.Int64());
  cols.currency_exponent = arrow.vectorFromArray(rows.map((r) => currencyExponent(r.proposal.currency)), new arrow.Int8());
  cols.confidence = arrow.vectorFromArray(rows.map((r) => r.proposal.confidence), new arrow.Float64());
  cols.edited = arrow.vectorFromArray(rows.map((r) => r.edited), new arrow.Bool());
  return new arrow.Table(cols);
}

export async function proposalsParquet(rows: ReviewedProposal[]): Promise<Uint8Array> {
  if (!ready) throw new Error('parquet-wasm is not initialised: call initParquetWasm first');
  await ready;
  const ipc = arrow.tableToIPC(proposalsArrowTable(rows), 'stream');
  return writeParquet(WasmTable.fromIPCStream(ipc));
}

/** Reads a Parquet file back into an Arrow table (round-trip checks, re-import). */
export async function readProposalsParquet(bytes: Uint8Array) {
  if (!ready) throw new Error('parquet-wasm is not initialised: call initParquetWasm first');
  await ready;
  return arrow.tableFromIPC(readParquet(bytes).intoIPCStream());
}
