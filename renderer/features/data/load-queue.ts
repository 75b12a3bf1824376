/**
 * Loads files one after another through the ingest pipeline (loadFile) on the worker engine.
 * Each load is all-or-nothing: a bad file becomes an error card and never touches what is already
 * loaded. Progress (stage, rows) and Cancel go through the store.
 */
import type { FileSource } from '../../../src/engine/engine';
import { UserError } from '../../../src/model/errors';
import { loadFile } from '../../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { parseBillingConfig } from '../../../src/model/mappings';
import { isConfigFile } from './sample-filter';
import { getState, setState, type LoadedFile } from '../../app/store';
import { startEngine } from '../../app/engine-status';
import { exclusive } from '../../engine/exclusive';
import { scheduleAnalyses } from '../../analysis/run-analyses';

export interface LoadRequest {
  name: string;
  source: FileSource;
  origin: 'sample' | 'user';
  ref: string | null;
}

const STAGES: Record<string, string> = {
  detect: 'Detecting the format',
  read: 'Reading',
  map: 'Mapping to the canonical table',
  insert: 'Adding rows',
  tags: 'Indexing tags',
  summary: 'Totalling',
  done: 'Done',
};

let queue: Promise<void> = Promise.resolve();
let pending = 0;
let controller: AbortController | null = null;
let seq = 0;
/** The requests behind error cards, so a file can be retried (e.g. with a column mapping). */
const failed = new Map<string, LoadRequest>();
/** Bumped by Cancel: loads queued before it are dropped. */
let cancelGen = 0;

function uniqueFileName(name: string): string {
  const taken = new Set(getState().files.map((f) => f.name));
  if (!taken.has(name)) return name;
  const m = /^(.*?)(\.[^.]*)?$/.exec(name)!;
  for (let i = 2; ; i++) if (!taken.has(`${m[1]} (${i})${m[2] ?? ''}`)) return `${m[1]} (${i})${m[2] ?? ''}`;
}


async function blobText(source: FileSource): Promise<string> {
  if (source.kind === 'blob') return source.blob.text();
  if (source.kind === 'buffer') return new TextDecoder().decode(source.data);
  throw new Error('local paths are not readable in the renderer');
}

async function applyConfig(req: LoadRequest): Promise<void> {
  try {
    const cfg = parseBillingConfig(await blobText(req.source), req.name);
    setState((s) => ({ billingConfig: cfg, configFile: req.name, dataVersion: s.dataVersion + 1 }));
  } catch (e) {
    const details = e instanceof UserError ? e.details : {};
    setState((s) => ({ errors: [...s.errors, { id: `e${++seq}`, name: req.name, message: e instanceof Error ? e.message : String(e), details }] }));
  }
}

async function loadOne(req: LoadRequest): Promise<void> {
  if (isConfigFile(req.name)) return applyConfig(req);
  const engine = await startEngine();
  const name = uniqueFileName(req.name);
  controller = new AbortController();
  const signal = controller.signal;
  setState({ job: { name, stage: 'Starting', queue: pending - 1 } });
  try {
    const r = await exclusive(() => loadFile(engine, {
      name,
      source: req.source,
      // The importers follow the settings in force (per-meter quantities, saved column mappings).
      adapters: createAdapterRegistry(getState().billingConfig),
      signal,
      onProgress: (p) =>
        setState(() => ({ job: { name, stage: STAGES[p.stage] ?? p.stage, rows: p.rows, bytes: p.bytes, totalBytes: p.totalBytes, queue: pending - 1 } })),
    }));
    const file: LoadedFile = {
      id: `f${++seq}`,
      name: r.file,
      kind: r.kind,
      format: r.format,
      label: r.format,
      table: r.table,
      rows: r.rows,
      dateFrom: r.dateRange?.start ?? null,
      dateTo: r.dateRange?.end ?? null,
      totals: r.totals,
      warnings: r.warnings,
      origin: req.origin,
      ref: req.ref,
    };
    setState((s) => ({ files: [...s.files, file], dataVersion: s.dataVersion + 1 }));
  } catch (e) {
    const details = e instanceof UserError ? e.details : {};
    const cancelled = signal.aborted;
    const message = cancelled
      ? `${name}: load cancelled; nothing from this file was added.`
      : e instanceof Error
        ? e.message
        : String(e);
    const id = `e${++seq}`;
    failed.set(id, req);
    setState((s) => ({
      errors: [...s.errors, { id, name, message, details, cancelled }],
      dataVersion: s.dataVersion + 1,
    }));
  } finally {
    controller = null;
  }
}

/** Queues files for loading; resolves when these have been handled. */
export function enqueueLoads(input: LoadRequest[]): Promise<void> {
  // Settings first: they decide how the data files are read.
  const reqs = [...input.filter((r) => isConfigFile(r.name)), ...input.filter((r) => !isConfigFile(r.name))];
  pending += reqs.length;
  const gen = cancelGen;
  for (const req of reqs) {
    queue = queue.then(() => (gen === cancelGen ? loadOne(req) : undefined)).finally(() => {
      pending--;
      if (pending === 0) {
        setState({ job: null });
        scheduleAnalyses();
      }
    });
  }
  return queue;
}

/** Stops the running load (its transaction rolls back) and drops the queued ones. */
export async function cancelLoads(): Promise<void> {
  cancelGen++;
  controller?.abort();
  const engine = getState().engine;
  await engine?.cancel().catch(() => false);
}

export function dismissError(id: string): void {
  failed.delete(id);
  setState((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
}

export function failedRequest(id: string): LoadRequest | undefined {
  return failed.get(id);
}

export interface MappingProfile {
  name: string;
  target: 'usage' | 'ledger';
  mapping: Record<string, string>;
}

/** Makes a saved column mapping the active one for its kind of file (later loads' importers use it). */
export function applyMappingProfile(p: MappingProfile): void {
  const cfg = { ...getState().billingConfig, ...(p.target === 'usage' ? { usageCsvMapping: p.mapping } : { ledgerCsvMapping: p.mapping }) };
  setState((s) => ({ billingConfig: cfg, mappingProfiles: [...s.mappingProfiles.filter((x) => x.name !== p.name), p] }));
}

/** Saves the profile, then loads the failed file again with it. */
export async function retryWithMapping(errorId: string, profile: MappingProfile): Promise<void> {
  const req = failed.get(errorId);
  applyMappingProfile(profile);
  dismissError(errorId);
  if (req) await enqueueLoads([req]);
}
