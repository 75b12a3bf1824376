/**
 * Proposals as Parquet: an Arrow table (built through src/engine/arrow.ts) written by
 * parquet-wasm. Money is exact: `amount_minor` INT64 plus `currency_exponent`, and `amount` as the
 * decimal text. The caller initialises parquet-wasm once (Node: node-parquet-wasm.ts).
 */
import initWasm, { readParquet, Table as WasmTable, writeParquet, type InitInput } from 'parquet-wasm/esm';
import { arrow } from '../engine/arrow';
import { boolVector, float64Vector, int64Vector, int8Vector, utf8Vector } from '../engine/arrow-vectors';
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
  for (const c of TEXT_COLUMNS) cols[c] = utf8Vector(flat.map((r) => r[c] as string | null));
  cols.amount_minor = int64Vector(rows.map((r) => r.proposal.amount_minor));
  cols.currency_exponent = int8Vector(rows.map((r) => currencyExponent(r.proposal.currency)));
  cols.confidence = float64Vector(rows.map((r) => r.proposal.confidence));
  cols.edited = boolVector(rows.map((r) => r.edited));
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
