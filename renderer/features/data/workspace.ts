/**
 * Workspaces: which files are open (bundled samples by path, the user's files by host ref), the
 * analyst's selections, the proposal review state and anomaly verdicts, the warehouse source (its
 * data loaded again from there, features/data/warehouse.ts) — saved and restored
 * through the HostBridge (a file in the desktop app, localStorage/download in a browser).
 */
import { getHostBridge, makeWorkspace, type JsonValue, type Workspace } from '../../host/bridge';
import { getState, setState, type ScreenId } from '../../app/store';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import { clearCanonicalTables } from '../../../src/queries/data/clear-tables';
import type { Workspace as ReviewWorkspace } from '../../../src/proposals/review';
import type { AnomalyLabel } from '../../../src/analysis/anomaly/labels';
import { anomalyLabels } from '../../analysis/run-analyses';
import { reviewRestore } from '../../analysis/review';
import { exclusive } from '../../engine/exclusive';
import { bundledSamples, openSamples } from './samples';
import { applyMappingProfile, enqueueLoads, type MappingProfile } from './load-queue';
import { mergeViews, parseSavedViews } from '../cost/saved-views';
import type { WarehouseForm } from './warehouse-form';
import { restoreFromWarehouse, setWarehouseForm } from './warehouse';

interface SavedState {
  samples: string[];
  screen: ScreenId;
  period: string;
  currency: string;
  reviewer: string;
  review: ReviewWorkspace | null;
  labels: AnomalyLabel[];
  mappingProfiles: MappingProfile[];
  /** The cost explorer's saved views. */
  views: unknown;
  /** The warehouse source's settings (no password), and whether the data came from it (restored by a pushdown again). */
  warehouse: WarehouseForm;
  warehouseLoaded: boolean;
}

/** JSON-safe copy: bigint amounts (minor units) become strings tagged for revival. */
function toJson(v: unknown): JsonValue {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? { $bigint: x.toString() } : x))) as JsonValue;
}

function fromJson<T>(v: unknown): T {
  return JSON.parse(JSON.stringify(v), (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) && typeof x.$bigint === 'string' && Object.keys(x).length === 1 ? BigInt(x.$bigint) : x,
  ) as T;
}

export async function currentWorkspace(): Promise<Workspace> {
  const s = getState();
  const state: SavedState = {
    samples: s.files.filter((f) => f.origin === 'sample').map((f) => f.ref!),
    screen: s.screen,
    period: s.period,
    currency: s.currency,
    reviewer: s.reviewer,
    review: s.review,
    labels: await anomalyLabels.list(),
    mappingProfiles: s.mappingProfiles,
    views: s.savedViews,
    warehouse: s.warehouse,
    warehouseLoaded: s.warehouseLoad !== null,
  };
  const files = s.files.filter((f) => f.origin === 'user').map((f) => ({ name: f.name, ref: f.ref }));
  return makeWorkspace(files, toJson(state));
}

export async function saveWorkspace(saveAs = false): Promise<string | null> {
  const r = await getHostBridge().saveWorkspace(await currentWorkspace(), { saveAs });
  return r ? r.name : null;
}

/** Clears the loaded data, then reopens the workspace's files and restores its state. */
export async function restoreWorkspace(ws: Workspace): Promise<void> {
  const saved = fromJson<Partial<SavedState>>(ws.state ?? {});
  const engine = getState().engine;
  if (engine) {
    await exclusive(async () => {
      await clearCanonicalTables(engine);
      await ensureCanonicalTables(engine);
    });
  }
  setState((s) => ({
    files: [],
    errors: [],
    dataVersion: s.dataVersion + 1,
    screen: saved.screen ?? s.screen,
    period: saved.period ?? 'all',
    currency: saved.currency ?? s.currency,
    reviewer: saved.reviewer ?? s.reviewer,
    warehouseLoad: null,
    warehouseRestore: null,
  }));
  // Kept as the panel's autosave too, so the panel shows the settings the workspace restores from.
  if (saved.warehouse) setWarehouseForm(saved.warehouse);
  for (const l of saved.labels ?? []) await anomalyLabels.put(l);
  for (const p of saved.mappingProfiles ?? []) applyMappingProfile(p);
  mergeViews(parseSavedViews(saved.views).views, !getState().startupDone);
  // At start-up the autosaved review (kept decision by decision) wins over an older saved file's.
  await reviewRestore(saved.review ?? null, { keepNewer: !getState().startupDone, source: 'app workspace' });
  const known = new Set(bundledSamples().map((x) => x.path));
  await openSamples((saved.samples ?? []).filter((p) => known.has(p)));
  const host = getHostBridge();
  const reqs = [];
  const listed = ws.files.filter((f) => f.ref !== null);
  // The host grants a workspace's files only after the user confirmed this list: a shared
  // workspace must not read files its recipient never chose.
  const confirmed = host.kind === 'electron' && listed.length > 0 && confirmReopen(listed.map((f) => f.ref!));
  const reopened = confirmed ? await host.reopenFiles(listed.map((f) => f.ref!)) : [];
  const missing: string[] = ws.files.filter((f) => f.ref === null).map((f) => f.name);
  for (const [i, f] of listed.entries()) {
    const file = reopened[i] ?? null;
    if (file)
      reqs.push({
        name: file.name,
        source: { kind: 'blob' as const, blob: await file.blob() },
        origin: 'user' as const,
        ref: file.ref,
        lastModified: file.lastModified,
      });
    else missing.push(f.name);
  }
  if (missing.length)
    setState((s) => ({
      errors: [
        ...s.errors,
        ...missing.map((name, i) => ({
          id: `ws${Date.now()}-${i}`,
          name,
          message: `${name}: the workspace lists this file but it cannot be reopened here; open it again with “Open files…”.`,
          details: { file: name },
        })),
      ],
    }));
  await enqueueLoads(reqs);
  // After the files: a config file among them decides the pushdown's period and SKU aliases.
  if (saved.warehouseLoaded) await restoreFromWarehouse(getState().warehouse);
}

/** Asks the user to confirm, by listing their full paths, before a workspace's files are read. */
function confirmReopen(refs: string[]): boolean {
  const shown = refs.slice(0, 20).map((r) => `  ${r}`);
  if (refs.length > shown.length) shown.push(`  … and ${refs.length - shown.length} more`);
  return window.confirm(`Reopen these files listed by the workspace?\n\n${shown.join('\n')}\n\nOnly files you recognise should be read.`);
}

export async function openWorkspaceFromHost(): Promise<boolean> {
  const ws = await getHostBridge().openWorkspace();
  if (!ws) return false;
  await restoreWorkspace(ws);
  return true;
}
