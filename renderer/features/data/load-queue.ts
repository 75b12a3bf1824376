/**
 * Loads files one after another through the ingest pipeline (loadFile) on the worker engine.
 * Each load is all-or-nothing: a bad file becomes an error card and never touches what is already
 * loaded. Progress (stage, rows) and Cancel go through the store. A file whose bytes are loaded
 * already adds nothing; a restated delivery replaces the older one (src/ingest/deliveries.ts);
 * removals and replacements run in the same queue, so they never interleave with a load.
 */
import type { Engine, FileSource } from '../../../src/engine/engine';
import { UserError } from '../../../src/model/errors';
import { loadFile } from '../../../src/ingest/pipeline';
import { LOAD_STAGE_LABELS } from '../../../src/ingest/load-stages';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { defaultBillingConfig, parseBillingConfig } from '../../../src/model/mappings';
import {
  duplicateMessage,
  findDuplicate,
  planDelivery,
  planMessage,
  readDeliveryFacts,
  retireFiles,
  sha256OfStream,
  type Delivery,
  type DeliveryPlan,
} from '../../../src/ingest/deliveries';
import type { LocaleDateFormat } from '../../../src/ingest/sql';
import { isConfigFile } from './sample-filter';
import { getState, setState, type DataNotice, type LoadedFile, type LoadJob } from '../../app/store';
import { startEngine } from '../../app/engine-status';
import { exclusive } from '../../engine/exclusive';
import { scheduleAnalyses } from '../../analysis/run-analyses';
import { advance } from './load-progress';
import { forgetRequests, keepRequest, noteStopped, runningEngine } from './engine-recovery';

export interface LoadRequest {
  name: string;
  source: FileSource;
  origin: 'sample' | 'user';
  ref: string | null;
  /** The file's modification time (ms), when the host knows it. */
  lastModified?: number;
  /** Id of a loaded file this one replaces (Replace… on the Data screen). */
  replaces?: string;
  /** The order of locale dates the user declared for this file (offered when a load was refused for it). */
  dateFormat?: LocaleDateFormat;
}

const STAGES = LOAD_STAGE_LABELS;

let queue: Promise<void> = Promise.resolve();
let pending = 0;
let controller: AbortController | null = null;
let seq = 0;
/** The requests behind error cards, so a file can be retried (e.g. with a column mapping). */
const failed = new Map<string, LoadRequest>();
/** Bumped by Cancel: loads queued before it are dropped. */
let cancelGen = 0;
/** Whether the active settings file came with the bundled samples (closing the demo drops it). */
let configFromSample = false;

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
    configFromSample = req.origin === 'sample';
    setState((s) => ({ billingConfig: cfg, configFile: req.name, dataVersion: s.dataVersion + 1 }));
  } catch (e) {
    const details = e instanceof UserError ? e.details : {};
    setState((s) => ({ errors: [...s.errors, { id: `e${++seq}`, name: req.name, message: e instanceof Error ? e.message : String(e), details }] }));
  }
}

export function notify(kind: DataNotice['kind'], text: string): void {
  setState((s) => ({ notices: [...s.notices, { id: `n${++seq}`, kind, text }] }));
}

export function dismissNotice(id: string): void {
  setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

const asDelivery = (f: LoadedFile): Delivery => ({
  name: f.name,
  kind: f.kind,
  format: f.format,
  sha256: f.sha256,
  lastModified: f.lastModified,
  facts: f.facts,
});

/** Progress of the running load (`first` for a file's first report): a new stage starts its clock (load-progress.ts). */
function report(patch: Omit<LoadJob, 'queue'>, first = false): void {
  setState((st) => ({ job: advance(first ? null : st.job, { ...patch, queue: pending - 1 }, Date.now()) }));
}

const STATEMENT_POLL_MS = 500;

/** The running statement's progress into the job, when the engine has one to give. */
async function pollStatement(engine: Engine): Promise<void> {
  const p = await engine.progress?.().catch(() => null);
  if (p?.percentage == null) return;
  const pct = p.percentage;
  setState((st) => (st.job ? { job: advance(st.job, { ...st.job, statementPercent: pct }, Date.now()) } : {}));
}

/** Text files whose line breaks count their rows (the header is one); compressed ones are not counted. */
const COUNTS_LINES = /\.(csv|tsv|txt|ndjson|jsonl)$/i;

/**
 * SHA-256 of the request's bytes, streamed (a large file is not held twice). Text files have their
 * line breaks counted on the way, for an estimate of their rows before they are read.
 */
function contentHash(req: LoadRequest, signal: AbortSignal): Promise<string> {
  const s = req.source;
  const blob = s.kind === 'blob' ? s.blob : s.kind === 'buffer' ? new Blob([s.data as BlobPart]) : null;
  if (!blob) throw new Error('local paths are not readable in the renderer');
  const totalBytes = blob.size;
  let breaks = 0;
  let last = 10;
  const count = COUNTS_LINES.test(req.name);
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) breaks++;
      if (chunk.byteLength) last = chunk[chunk.byteLength - 1];
      ctl.enqueue(chunk);
    },
  });
  const stream = count ? blob.stream().pipeThrough(counted) : blob.stream();
  const name = req.name;
  return sha256OfStream(stream, {
    file: req.name,
    signal,
    onBytes: (bytes) => {
      const lines = breaks + (bytes === totalBytes && last !== 10 ? 1 : 0);
      report({ name, stage: STAGES.hash, bytes, totalBytes, expectedRows: count && bytes === totalBytes ? Math.max(0, lines - 1) : undefined });
    },
  });
}

/** What a just-loaded file does to the loaded ones: an explicit Replace…, else what its delivery says. */
function planFor(req: LoadRequest, incoming: Delivery, target: LoadedFile | undefined): DeliveryPlan | { action: 'refuse'; message: string } {
  if (!target) return planDelivery(getState().files.map(asDelivery), incoming);
  if (target.kind !== incoming.kind)
    return {
      action: 'refuse',
      message: `${req.name} holds ${incoming.kind} data, not ${target.kind} like ${target.name}; ${target.name} was kept and nothing was added.`,
    };
  return { action: 'replace', replaces: [target.name], periods: incoming.facts?.periods ?? [] };
}

async function loadOne(req: LoadRequest): Promise<void> {
  if (isConfigFile(req.name)) return applyConfig(req);
  const engine = await runningEngine(await startEngine());
  controller = new AbortController();
  const signal = controller.signal;
  let name = req.name;
  report({ name, stage: STAGES.hash }, true);
  // Inside one long statement the native engine says how far it is; the wasm builds cannot (no progress()).
  const poll = engine.progress ? setInterval(() => void pollStatement(engine), STATEMENT_POLL_MS) : undefined;
  try {
    const target = req.replaces ? getState().files.find((f) => f.id === req.replaces) : undefined;
    const sha = await contentHash(req, signal);
    const dup = findDuplicate(getState().files.map(asDelivery), sha);
    if (dup) {
      notify(
        'duplicate',
        target && dup.name === target.name ? `${req.name} has the same content as ${target.name}; nothing changed.` : duplicateMessage(req.name, dup),
      );
      return;
    }
    name = uniqueFileName(req.name);
    const r = await exclusive(() =>
      loadFile(engine, {
        name,
        source: req.source,
        // The importers follow the settings in force (per-meter quantities, saved column mappings).
        adapters: createAdapterRegistry(getState().billingConfig),
        dateFormat: req.dateFormat,
        signal,
        onProgress: (p) => report({ name, stage: STAGES[p.stage] ?? p.stage, rows: p.rows, bytes: p.bytes, totalBytes: p.totalBytes }),
      }),
    );
    const facts = await exclusive(() => readDeliveryFacts(engine, r.table, name));
    const incoming: Delivery = { name, kind: r.kind, format: r.format, sha256: sha, lastModified: req.lastModified ?? 0, facts };
    const plan = planFor(req, incoming, target);
    if (plan.action === 'older' || plan.action === 'refuse') {
      await exclusive(() => retireFiles(engine, [name]));
      notify(plan.action === 'older' ? 'older' : 'duplicate', plan.action === 'older' ? planMessage(req.name, plan) : plan.message);
      return;
    }
    const replaced = plan.action === 'replace' ? plan.replaces : [];
    // The restatement takes over the name of the file it replaces when it came under the same name.
    const rename = name !== req.name && replaced.includes(req.name) ? { from: name, to: req.name } : undefined;
    if (replaced.length) {
      await exclusive(() => retireFiles(engine, replaced, rename)).catch(async (e: unknown) => {
        await exclusive(() => retireFiles(engine, [name])).catch(() => undefined);
        throw new UserError(
          `${req.name}: could not replace ${replaced.join(', ')} (${e instanceof Error ? e.message : String(e)}); nothing changed.`,
          { file: req.name },
        );
      });
    }
    const file: LoadedFile = {
      id: `f${++seq}`,
      name: rename?.to ?? r.file,
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
      sha256: sha,
      lastModified: req.lastModified ?? 0,
      facts,
    };
    setState((s) => {
      const at = s.files.findIndex((f) => replaced.includes(f.name));
      const kept = s.files.filter((f) => !replaced.includes(f.name));
      const files = at < 0 ? [...kept, file] : [...kept.slice(0, at), file, ...kept.slice(at)];
      forgetRequests(s.files.filter((f) => replaced.includes(f.name)).map((f) => f.id));
      return { files, dataVersion: s.dataVersion + 1 };
    });
    keepRequest(file.id, req);
    if (plan.action === 'replace')
      notify('replaced', target && !plan.periods.length ? `${req.name} replaces ${target.name}.` : planMessage(req.name, plan));
    else if (plan.overlaps.length) notify('overlap', planMessage(name, plan));
  } catch (e) {
    const details = e instanceof UserError ? e.details : {};
    const cancelled = signal.aborted;
    const message = cancelled ? `${name}: load cancelled; nothing from this file was added.` : e instanceof Error ? e.message : String(e);
    const id = `e${++seq}`;
    failed.set(id, req);
    setState((s) => ({
      errors: [...s.errors, { id, name, message, details, cancelled }],
      dataVersion: s.dataVersion + 1,
    }));
    noteStopped(engine, req, e);
  } finally {
    clearInterval(poll);
    controller = null;
  }
}

/**
 * Takes loaded files out (their rows leave every canonical table in one transaction; on failure
 * nothing changes), then the analyses run again. Queued behind any running load.
 */
export function removeFiles(ids: readonly string[]): Promise<void> {
  return runInQueue(async () => {
    const gone = getState().files.filter((f) => ids.includes(f.id));
    if (!gone.length) return;
    const engine = await runningEngine(await startEngine());
    const names = gone.map((f) => f.name);
    try {
      await exclusive(() => retireFiles(engine, names));
    } catch (e) {
      notify('removed', `${names.join(', ')} could not be removed (${e instanceof Error ? e.message : String(e)}); nothing changed.`);
      return;
    }
    if (configFromSample && gone.some((f) => f.origin === 'sample') && !getState().files.some((f) => f.origin === 'sample' && !ids.includes(f.id))) {
      // The demo's settings leave with the demo.
      configFromSample = false;
      setState({ billingConfig: defaultBillingConfig(), configFile: null });
    }
    forgetRequests(ids);
    const rows = gone.reduce((n, f) => n + f.rows, 0);
    setState((s) => ({ files: s.files.filter((f) => !ids.includes(f.id)), dataVersion: s.dataVersion + 1 }));
    notify('removed', `Removed ${names.join(', ')} (${rows.toLocaleString('en-US')} rows).`);
  });
}

/** Closes the bundled demo company: every sample file out, the demo's settings with them. */
export function closeSamples(): Promise<void> {
  return removeFiles(
    getState()
      .files.filter((f) => f.origin === 'sample')
      .map((f) => f.id),
  );
}

/** Runs a task in the load queue; the analyses run once the queue is empty. */
function runInQueue(task: () => Promise<void>): Promise<void> {
  pending++;
  const run = queue.then(task).finally(() => {
    pending--;
    if (pending === 0) {
      setState({ job: null });
      scheduleAnalyses();
    }
  });
  // A failed task (the engine did not start) must not stop the ones queued after it.
  queue = run.catch(() => undefined);
  return run;
}

/** Queues files for loading; resolves when these have been handled. */
export function enqueueLoads(input: LoadRequest[]): Promise<void> {
  // Settings first: they decide how the data files are read.
  const reqs = [...input.filter((r) => isConfigFile(r.name)), ...input.filter((r) => !isConfigFile(r.name))];
  const gen = cancelGen;
  const runs = reqs.map((req) => runInQueue(() => (gen === cancelGen ? loadOne(req) : Promise.resolve())));
  return Promise.all(runs).then(() => undefined);
}

/** Restarts a stopped engine now (the Data screen's offer) and reloads the loaded files. */
export function restartNow(): Promise<void> {
  return runInQueue(async () => {
    await runningEngine(await startEngine());
  });
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

/** Loads the failed file again reading its locale dates in the declared order. */
export async function retryWithDateFormat(errorId: string, dateFormat: LocaleDateFormat): Promise<void> {
  const req = failed.get(errorId);
  dismissError(errorId);
  if (req) await enqueueLoads([{ ...req, dateFormat }]);
}

/** An input that failed before it could be queued (a damaged archive): an error card like a failed load. */
export function reportFailure(name: string, e: UserError): void {
  setState((s) => ({ errors: [...s.errors, { id: `e${++seq}`, name, message: e.message, details: e.details }] }));
}
