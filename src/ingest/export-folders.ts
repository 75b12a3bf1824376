/**
 * Export folders as providers deliver them, read through their manifests:
 *
 *   - AWS Data Exports (CUR 2.0, FOCUS): `<export>/data/BILLING_PERIOD=YYYY-MM/[<executionId>/]<export>-00001.csv.gz`
 *     with `<export>/metadata/BILLING_PERIOD=YYYY-MM/[<executionId>/]<export>-Manifest.json`
 *     (`executionId`, `exportArn`, `billingPeriod`, `dataFiles`); legacy CUR the same with
 *     `<report>/<YYYYMMDD-YYYYMMDD>/[<assemblyId>/]<report>-Manifest.json` (`assemblyId`, `reportKeys`).
 *   - Azure Cost Management exports (incl. FocusCost): `<export>/<YYYYMMDD-YYYYMMDD>/<runStamp>/<runId>/`
 *     holding `manifest.json` (`exportConfig`, `runInfo`, `blobs[].blobName`) and `part_N_NNNN.csv.gz` or `.snappy.parquet`.
 *   - OCI cost reports (daily `.csv.gz` by year/month/day or report number) and plain folders of parts: no
 *     manifest, every data file is loaded.
 *
 * A provider re-delivers a billing period in full when it restates it (overwriting, or as a new
 * execution/run): per export and billing period only the latest delivery is loaded, the earlier
 * ones are reported as superseded (FOCUS 1.4 delivery handling: consumers must not have to
 * deduplicate). A delivery that lists a file the folder lacks is incomplete and not loaded. In a
 * folder with manifests, data files no manifest lists are reported and not loaded.
 * Pure: the caller lists the folder and reads manifest texts (node-folders.ts, the renderer).
 */

export interface FolderEntry {
  /** Path below the opened folder, '/'-separated. */
  path: string;
  /** Modification time (ms since epoch), 0 when unknown. */
  lastModified: number;
}

export interface ExportDelivery {
  provider: 'AWS' | 'Azure';
  exportName: string;
  /** Billing period 'YYYY-MM'. */
  period: string;
  /** executionId (AWS Data Exports), assemblyId (legacy CUR) or runId (Azure). */
  id: string;
  manifest: string;
  /** When the provider delivered it: Azure's runInfo.submittedTime, else the manifest file's time (ISO UTC). */
  deliveredAt: string;
  files: string[];
  /** Files the manifest lists that the folder does not hold. */
  missing: string[];
  /** Rows the manifest states (Azure dataRowCount), when it does. */
  statedRows?: number;
  status: 'used' | 'superseded' | 'incomplete';
  /** The id of the delivery that replaces this one. */
  supersededBy?: string;
}

export interface FolderPlan {
  layout: 'manifests' | 'plain';
  deliveries: ExportDelivery[];
  /** Files to load, in path order. */
  load: string[];
  /** Data files no manifest lists: reported, not loaded. */
  unlisted: string[];
  /** Files named like manifests that are not one the loader knows, with why. */
  unreadable: { path: string; why: string }[];
}

const DATA_FILE = /\.(csv|tsv|txt|json|jsonl|ndjson|parquet|gz|zip)$/i;
const MANIFEST_NAME = /(^|[-_])manifest\.json$/i;

/** True for files that may hold cost, usage or billing rows (not manifests, status markers or checksums). */
export function isDataFileName(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  return DATA_FILE.test(base) && !MANIFEST_NAME.test(base) && !base.startsWith('.');
}

export function isManifestName(path: string): boolean {
  return MANIFEST_NAME.test(path.split('/').pop() ?? '');
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** 'YYYY-MM' from '2024-01-01T00:00:00Z', '20240101T000000.000Z', 'BILLING_PERIOD=2024-01' or '20240101-20240131'. */
function periodOf(...candidates: (string | undefined)[]): string | null {
  for (const c of candidates) {
    if (!c) continue;
    const m = /BILLING_PERIOD=(\d{4})-(\d{2})/.exec(c) ?? /(?:^|\/)(\d{4})(\d{2})\d{2}-\d{8}(?:\/|$)/.exec(c) ?? /^(\d{4})-?(\d{2})/.exec(c);
    if (m) return `${m[1]}-${m[2]}`;
  }
  return null;
}

/** An object key or URI -> its path segments below the bucket/container ('s3://b/x/y.csv' -> ['x', 'y.csv']). */
function keySegments(key: string): string[] {
  const noScheme = key.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+\//i, '');
  return decodeURIComponent(noScheme).split('/').filter(Boolean);
}

function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** The local file a manifest key names: the longest common path ending, then the one nearest the manifest. */
function localFileFor(key: string, manifest: string, files: readonly string[][]): string | null {
  const k = keySegments(key);
  const m = manifest.split('/');
  let best: string[] | null = null;
  let bestScore = [0, 0];
  for (const f of files) {
    const s = commonSuffix(k, f);
    if (s === 0) continue;
    const score = [s, commonPrefix(m, f)];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
      best = f;
      bestScore = score;
    }
  }
  return best ? best.join('/') : null;
}

interface Parsed {
  provider: ExportDelivery['provider'];
  exportName: string;
  period: string | null;
  id: string;
  keys: string[];
  submitted?: string;
  statedRows?: number;
}

/** The export's name from the path: the folder above `data`/`metadata` (AWS) or above the period folder. */
function nameFromPath(manifest: string): string | undefined {
  const segs = manifest.split('/');
  const at = segs.findIndex((s) => s === 'metadata' || s === 'data' || /^BILLING_PERIOD=/.test(s) || /^\d{8}-\d{8}$/.test(s));
  return at > 0 ? segs[at - 1] : undefined;
}

function parseManifest(path: string, text: string): Parsed | string {
  let doc: Json;
  try {
    doc = obj(JSON.parse(text));
  } catch {
    return 'not valid JSON';
  }
  if (Array.isArray(doc.dataFiles) || Array.isArray(doc.reportKeys)) {
    const keys = ((doc.dataFiles ?? doc.reportKeys) as unknown[]).filter((k): k is string => typeof k === 'string');
    const arn = str(doc.exportArn);
    const bp = obj(doc.billingPeriod);
    return {
      provider: 'AWS',
      exportName: (arn && arn.split('/').pop()) ?? str(doc.reportName) ?? nameFromPath(path) ?? '(export)',
      period: periodOf(str(bp.start), path, keys[0]),
      id: str(doc.executionId) ?? str(doc.assemblyId) ?? path,
      keys,
    };
  }
  if (Array.isArray(doc.blobs)) {
    const cfg = obj(doc.exportConfig);
    const run = obj(doc.runInfo);
    const blobs = (doc.blobs as unknown[]).map(obj);
    const keys = blobs.map((b) => str(b.blobName)).filter((k): k is string => !!k);
    const rows = typeof doc.dataRowCount === 'number' ? doc.dataRowCount : undefined;
    return {
      provider: 'Azure',
      exportName: str(cfg.exportName) ?? nameFromPath(path) ?? '(export)',
      period: periodOf(path, keys[0], str(run.startDate)),
      id: str(run.runId) ?? path,
      keys,
      submitted: str(run.submittedTime),
      statedRows: rows,
    };
  }
  return 'a manifest without dataFiles, reportKeys or blobs (not an AWS or Azure export manifest)';
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A manifest directly in a period folder names the period's current delivery (legacy CUR writes one beside the assembly folders). */
const PERIOD_FOLDER = /^(\d{8}-\d{8}|BILLING_PERIOD=\d{4}-\d{2})$/;
function inPeriodFolder(manifest: string): boolean {
  const segs = manifest.split('/');
  return segs.length >= 2 && PERIOD_FOLDER.test(segs[segs.length - 2]);
}

/** Later first: the one a period-folder manifest names, then the provider's delivery time, then the manifest's file time, then the id. */
function later(a: ExportDelivery & { named?: boolean }, b: ExportDelivery & { named?: boolean }): number {
  return Number(!!b.named) - Number(!!a.named) || b.deliveredAt.localeCompare(a.deliveredAt) || b.id.localeCompare(a.id);
}

/** The plan for a folder: which deliveries are current per export and billing period, and which files to load. */
export function planFolder(entries: readonly FolderEntry[], manifests: ReadonlyMap<string, string>): FolderPlan {
  const data = entries.filter((e) => isDataFileName(e.path)).map((e) => e.path.split('/'));
  const times = new Map(entries.map((e) => [e.path, e.lastModified]));
  const unreadable: FolderPlan['unreadable'] = [];
  const byId = new Map<string, ExportDelivery & { named?: boolean }>();
  for (const [path, text] of [...manifests].sort(([a], [b]) => a.localeCompare(b))) {
    const p = parseManifest(path, text);
    if (typeof p === 'string') {
      unreadable.push({ path, why: p });
      continue;
    }
    const period = p.period;
    if (!period) {
      unreadable.push({ path, why: 'names no billing period (billingPeriod, runInfo.startDate or a BILLING_PERIOD= / YYYYMMDD-YYYYMMDD folder)' });
      continue;
    }
    const files: string[] = [];
    const missing: string[] = [];
    for (const k of p.keys) {
      const f = localFileFor(k, path, data);
      if (f) files.push(f);
      else missing.push(k);
    }
    const key = `${p.provider}\u0000${p.exportName}\u0000${period}\u0000${p.id}`;
    const seen = byId.get(key);
    // Legacy CUR writes the same assembly's manifest twice (period folder and assembly folder): one delivery.
    if (seen) {
      if (seen.missing.length > missing.length) Object.assign(seen, { files, missing, status: missing.length ? 'incomplete' : 'used' });
      seen.named ||= inPeriodFolder(path);
      continue;
    }
    byId.set(key, {
      provider: p.provider,
      exportName: p.exportName,
      period,
      id: p.id,
      manifest: path,
      deliveredAt: p.submitted ?? iso(times.get(path) ?? 0),
      files: [...new Set(files)].sort(),
      missing,
      statedRows: p.statedRows,
      status: missing.length ? 'incomplete' : 'used',
      named: inPeriodFolder(path),
    });
  }
  // The manifest that names a delivery decides its order only: it is not reported.
  const deliveries: ExportDelivery[] = [...byId.values()];
  if (!deliveries.length && !unreadable.length) {
    return { layout: 'plain', deliveries: [], load: data.map((s) => s.join('/')).sort(), unlisted: [], unreadable: [] };
  }
  const groups = new Map<string, ExportDelivery[]>();
  for (const d of deliveries) {
    const g = `${d.provider}\u0000${d.exportName}\u0000${d.period}`;
    groups.set(g, [...(groups.get(g) ?? []), d]);
  }
  for (const g of groups.values()) {
    const [latest, ...older] = g.sort(later);
    for (const d of older) Object.assign(d, { status: 'superseded', supersededBy: latest.id });
  }
  const load = new Set(deliveries.filter((d) => d.status === 'used').flatMap((d) => d.files));
  const listed = new Set(deliveries.flatMap((d) => d.files));
  const unlisted = data.map((s) => s.join('/')).filter((f) => !listed.has(f));
  deliveries.sort((a, b) => a.period.localeCompare(b.period) || a.exportName.localeCompare(b.exportName) || later(a, b));
  for (const d of byId.values()) delete d.named;
  return { layout: 'manifests', deliveries, load: [...load].sort(), unlisted: unlisted.sort(), unreadable };
}

/** One line per delivery and per file left out, for the CLI and the Data screen. */
export function folderSummary(folder: string, plan: FolderPlan): string[] {
  if (plan.layout === 'plain')
    return [`${folder}: no export manifest; ${plan.load.length} data file${plan.load.length === 1 ? '' : 's'} loaded as parts`];
  const lines = plan.deliveries.map((d) => {
    const what = `${folder}: ${d.provider} export ${d.exportName} ${d.period}, delivery ${d.id} (${d.deliveredAt.slice(0, 19)}Z, ${d.files.length} file${d.files.length === 1 ? '' : 's'})`;
    if (d.status === 'superseded') return `${what}: superseded by ${d.supersededBy}, not loaded`;
    if (d.status === 'incomplete')
      return `${what}: incomplete, ${d.missing.length} listed file${d.missing.length === 1 ? '' : 's'} missing (${d.missing[0]}), not loaded`;
    return `${what}: loaded`;
  });
  if (plan.unlisted.length) {
    const n = plan.unlisted.length;
    lines.push(
      `${folder}: ${n} data file${n === 1 ? '' : 's'} in no manifest, not loaded: ${plan.unlisted.slice(0, 3).join(', ')}${n > 3 ? ` and ${n - 3} more` : ''}`,
    );
  }
  for (const u of plan.unreadable) lines.push(`${folder}: ${u.path}: ${u.why}; not used`);
  return lines;
}
