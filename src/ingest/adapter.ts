/**
 * The importer contract. An adapter recognises one source format by its header (never by file
 * name) and maps a raw relation (every source column as VARCHAR, plus `__row` = 1-based data row)
 * into one canonical table with a SELECT. CSV, JSONL and Parquet readers all produce that raw
 * relation, so each format's mapping is written once.
 */
import type { CanonicalTable } from '../model/schema';
import type { RawTypes } from './raw';
import type { LocaleDateFormat } from './sql/locale-date';

/** 'invoices': FOCUS 1.4 Invoice Detail and Billing Period; 'commitments': FOCUS 1.3 Contract Commitment. */
export type DataKind = 'cost' | 'usage' | 'ledger' | 'prices' | 'fx' | 'invoices' | 'commitments';

export interface Detection {
  /** 0..1: how sure we are; the highest-scoring adapter wins. */
  score: number;
}

export interface MapContext {
  /** SQL expression naming the raw relation (a staging table or a read_csv(...) call). */
  raw: string;
  /** The file name as the user knows it, for provenance. */
  sourceFile: string;
  /** Raw columns with a typed twin (see RawRelation.typed); sql/'s money, timestamp and minor units use them. */
  typed?: RawTypes;
  /** Locale date formats the pipeline decided per raw column for this load (sql/timestamp.ts reads them). */
  dates?: Readonly<Record<string, LocaleDateFormat>>;
}

export interface Adapter {
  /** Stable id printed by `finops inspect`, e.g. 'focus-1.0', 'aws-cur', 'azure-ea'. */
  format: string;
  kind: DataKind;
  table: CanonicalTable;
  /** Human label for the UI. */
  label: string;
  /** Header columns as read from the file (BOM stripped, original case). */
  detect(headers: readonly string[]): Detection | null;
  /** Columns that must be present; a missing one is a user error naming it. */
  requiredColumns(headers: readonly string[]): string[];
  /**
   * A SELECT over ctx.raw producing exactly the canonical table's columns, in order. Values are
   * cast with CAST (not TRY_CAST): a bad value fails the load, which is then diagnosed per cell.
   */
  selectSql(headers: readonly string[], ctx: MapContext): string;
  /** Raw columns whose values must parse as the given DuckDB type (for per-cell diagnostics). */
  typedColumns(headers: readonly string[]): Record<string, string>;

  // Optional parts (defaults per canonical table live in src/ingest/registry.ts).
  /** CSV cells read as SQL NULL besides the empty cell (the FOCUS sample writes `NULL`). */
  nullStrings?: readonly string[];
  /** The columns that define this layout, listed when a file matches no adapter. */
  signature?: readonly string[];
  /** Canonical column holding the currency of the money columns (e.g. 'BillingCurrency'). */
  currencyColumn?: string;
  /** Canonical money columns summed per currency by loadFile / `finops inspect`. */
  totalColumns?: readonly string[];
  /**
   * The raw column that becomes cost_lines.Tags unchanged. When the reader gives it a
   * MAP(VARCHAR, VARCHAR) typed twin (FOCUS Parquet), cost_tags is filled from the map itself
   * instead of parsing the JSON text back.
   */
  tagsColumn?: string;
  /** Canonical [start, end] timestamp columns giving the load's date range. */
  periodColumns?: readonly [string, string];
}
