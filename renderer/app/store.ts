/**
 * App state in one small external store (useSyncExternalStore): the engine and its start-up
 * progress, the loaded files with their summaries, failed loads, the running load, and the
 * analyst's selections (screen, period, currency, theme). Screens re-query when dataVersion bumps.
 */
import { useSyncExternalStore } from 'react';
import type { Engine } from '../../src/engine/engine';
import type { Workspace as ReviewWorkspace } from '../../src/proposals/review';
import type { AnalysisResults } from '../analysis/analysis-results';
import { defaultBillingConfig, type BillingConfig } from '../../src/model/mappings';
import type { DeliveryFacts } from '../../src/ingest/deliveries';
import type { Granularity, RangeSpec } from '../../src/queries/cost/time-range';
import { DEFAULT_EXPLORER, type ExplorerView, type SavedView } from '../features/cost/explorer-view';
import { DEFAULT_WAREHOUSE, type WarehouseForm } from '../features/data/warehouse-form';
import type { WarehouseLoadReply } from '../../src/host/engine-channel';
import type { WarehouseSource } from '../../src/warehouse/settings';

export type ScreenId = 'data' | 'overview' | 'cost' | 'explorer' | 'margin' | 'reconciliation' | 'anomalies' | 'proposals' | 'sql';

export interface EngineStatus {
  status: 'starting' | 'ready' | 'failed';
  stage: string;
  loadedBytes: number;
  totalBytes: number;
  startedAt: number;
  readyAt?: number;
  error?: string;
  /** Which engine holds the workspace (renderer/engine/engine-choice.ts). */
  holder?: 'wasm' | 'native';
}

/** What the import panel shows for each loaded file (all figures from the engine). */
export interface LoadedFile {
  id: string;
  name: string;
  kind: string;
  format: string;
  label: string;
  table: string;
  rows: number;
  dateFrom: string | null;
  dateTo: string | null;
  /** currency -> { column -> exact decimal string } */
  totals: Record<string, Record<string, string>>;
  warnings: string[];
  origin: 'sample' | 'user';
  ref: string | null;
  /** SHA-256 of the file's bytes, its modification time (0 unknown) and who delivered it for which periods. */
  sha256: string;
  lastModified: number;
  facts: DeliveryFacts | null;
}

/** What the Data screen says about a file it did not simply add (a duplicate, a restatement, a removal). */
export interface DataNotice {
  id: string;
  kind: 'duplicate' | 'replaced' | 'older' | 'overlap' | 'removed' | 'folder' | 'engine';
  text: string;
  /** A button beside the text: restart the stopped engine (engine-recovery.ts). */
  action?: 'restart-engine';
}

export interface FileError {
  id: string;
  name: string;
  message: string;
  details: { file?: string; row?: number; column?: string; expected?: string; dateFormats?: readonly string[] };
  cancelled?: boolean;
}

export interface LoadJob {
  name: string;
  stage: string;
  rows?: number;
  bytes?: number;
  totalBytes?: number;
  queue: number;
  /** Data rows the file holds, estimated from its line breaks while it is hashed (text files). */
  expectedRows?: number;
  /** How far the engine's running statement is (0..100, DuckDB's own estimate; the native engine only). */
  statementPercent?: number;
  /** Clock of the load, of its stage and of its last progress (ms since epoch; load-progress.ts). */
  startedAt?: number;
  stageStartedAt?: number;
  updatedAt?: number;
  /** When the current run of byte counts began (the rate behind the estimate). */
  measuredFrom?: number;
  /** Stages done, with how long each took. */
  stages?: { stage: string; ms: number }[];
}

export interface AppState {
  engine: Engine | null;
  engineStatus: EngineStatus;
  files: LoadedFile[];
  errors: FileError[];
  notices: DataNotice[];
  /** Picks (files, folders, replacements) the load queue has finished with, whatever their outcome. */
  picksHandled: number;
  job: LoadJob | null;
  dataVersion: number;
  screen: ScreenId;
  /** 'all' or a UTC month 'YYYY-MM'. */
  period: string;
  /** '' until data with a currency is loaded. */
  currency: string;
  /** The analyst's time range and granularity (set on the cost explorer; any screen may read them). */
  range: RangeSpec;
  granularity: Granularity;
  /** The cost explorer's grouping, filters, cost metric and chart style (kept across screens). */
  explorer: ExplorerView;
  /** The explorer's saved views (they save themselves: features/cost/saved-views.ts) and a read/write problem. */
  savedViews: SavedView[];
  savedViewsError: string | null;
  /** Margin shown converted to this currency with the loaded FX rates; '' = native currencies. */
  reportingCurrency: string;
  theme: 'light' | 'dark';
  /** Latest analysis results (null until the first run) and whether a run is going on. */
  analysis: AnalysisResults | null;
  analysisRunning: boolean;
  /** Bumped after every analysis run: screens reading analysis_* tables refetch. */
  analysisVersion: number;
  /** Mappings and analysis settings (from a loaded config file, else defaults). */
  billingConfig: BillingConfig;
  configFile: string | null;
  /** Saved column mappings for generic CSVs (the last one per kind is active). */
  mappingProfiles: { name: string; target: 'usage' | 'ledger'; mapping: Record<string, string> }[];
  /** Proposal review state (core review workspace). */
  review: ReviewWorkspace | null;
  /** Reviewer name recorded on decisions. */
  reviewer: string;
  /** Whether the review decisions are saved (they save themselves; see analysis/review.ts). */
  reviewSave: { status: 'saved' | 'pending' | 'failed'; at: string | null; message: string | null };
  /** True once the start-up files (bundled samples or files passed at launch) were handled. */
  startupDone: boolean;
  /** Reviewer decisions on findings and proposals, kept in workspaces. */
  decisions: Record<string, string>;
  /**
   * The warehouse source's settings (never a password) and what its last load moved, with the
   * source it read (drills ask it for their events); null: the data did not come from a warehouse.
   */
  warehouse: WarehouseForm;
  warehouseLoad: (WarehouseLoadReply & { settings: WarehouseSource }) | null;
  /** A restored workspace's warehouse data: being reloaded, waiting for the password, or not reachable (the message says which). */
  warehouseRestore: { status: 'loading' | 'password' | 'failed'; message: string } | null;
}

type Listener = () => void;

function initialTheme(): 'light' | 'dark' {
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

let state: AppState = {
  engine: null,
  engineStatus: { status: 'starting', stage: 'Starting the engine', loadedBytes: 0, totalBytes: 0, startedAt: performance.now() },
  files: [],
  errors: [],
  notices: [],
  picksHandled: 0,
  job: null,
  dataVersion: 0,
  screen: 'overview',
  period: 'all',
  currency: '',
  range: { kind: 'all' },
  granularity: 'day',
  explorer: DEFAULT_EXPLORER,
  savedViews: [],
  savedViewsError: null,
  reportingCurrency: '',
  theme: initialTheme(),
  startupDone: false,
  analysis: null,
  analysisRunning: false,
  analysisVersion: 0,
  review: null,
  reviewer: '',
  reviewSave: { status: 'saved', at: null, message: null },
  billingConfig: defaultBillingConfig(),
  configFile: null,
  mappingProfiles: [],
  decisions: {},
  warehouse: DEFAULT_WAREHOUSE,
  warehouseLoad: null,
  warehouseRestore: null,
};
const listeners = new Set<Listener>();

export function getState(): AppState {
  return state;
}

export function setState(patch: Partial<AppState> | ((s: AppState) => Partial<AppState>)): void {
  const p = typeof patch === 'function' ? patch(state) : patch;
  state = { ...state, ...p };
  for (const l of listeners) l();
}

/** The top bar's period: a month there is also the shared time range, so the cost explorer follows it. */
export function setPeriod(period: string): void {
  setState(/^\d{4}-\d{2}$/.test(period) ? { period, range: { kind: 'month', month: period } } : { period });
}

export function subscribe(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useApp<T>(select: (s: AppState) => T): T {
  return useSyncExternalStore(subscribe, () => select(state));
}
