/**
 * Saved views of the cost explorer: a name with the range, granularity, groupings, filters, cost
 * metric, chart style and shared cost rule. They save themselves as the review decisions do
 * (the host's autosave storage: localStorage in a browser, the app's data folder in Electron) and
 * travel in workspace files. Read back through a schema: an entry that does not fit is dropped
 * and counted, never half-applied.
 */
import * as v from 'valibot';
import { getHostBridge } from '../../host/bridge';
import { getState, setState } from '../../app/store';
import { GROUPABLE_COLUMNS } from '../../../src/queries/cost/dimensions';
import { DEFAULT_EXPLORER, type SavedView } from './explorer-view';

export type { SavedView };

export const VIEWS_FILE = 'explorer-views.json';
export const MAX_VIEWS = 200;
const MAX_NAME = 80;

const dimension = v.variant('kind', [
  v.object({ kind: v.literal('column'), name: v.picklist(GROUPABLE_COLUMNS) }),
  v.object({ kind: v.literal('tag'), key: v.pipe(v.string(), v.minLength(1)) }),
]);
const day = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));
const range = v.variant('kind', [
  v.object({ kind: v.literal('all') }),
  v.object({ kind: v.literal('month'), month: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}$/)) }),
  v.object({ kind: v.literal('quarter'), quarter: v.pipe(v.string(), v.regex(/^\d{4}-Q[1-4]$/)) }),
  v.object({ kind: v.literal('ytd') }),
  v.object({ kind: v.literal('rolling'), days: v.picklist([30, 90] as const) }),
  v.object({ kind: v.literal('custom'), from: day, to: day }),
]);
const viewSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_NAME)),
  range,
  granularity: v.picklist(['day', 'week', 'month'] as const),
  explorer: v.object({
    groupBy: v.pipe(v.array(dimension), v.maxLength(2)),
    filters: v.array(v.object({ dimension, mode: v.picklist(['include', 'exclude'] as const), values: v.array(v.nullable(v.string())) })),
    metric: v.picklist(['amortized', 'actual'] as const),
    chart: v.picklist(['bar', 'area'] as const),
    split: v.optional(v.picklist(['unallocated', 'usage', 'revenue', 'cost', 'even'] as const), DEFAULT_EXPLORER.split),
  }),
});

/** The views that fit the schema (names unique, first kept) and how many entries did not. */
export function parseSavedViews(value: unknown): { views: SavedView[]; dropped: number } {
  const list = Array.isArray(value) ? value : [];
  const views: SavedView[] = [];
  for (const x of list.slice(0, MAX_VIEWS)) {
    const r = v.safeParse(viewSchema, x);
    if (r.success && !views.some((w) => w.name === r.output.name)) views.push(r.output as SavedView);
  }
  return { views, dropped: list.length - views.length };
}

/** A view name as kept: trimmed; null when empty or too long. */
export function viewName(text: string): string | null {
  const t = text.trim();
  return t.length > 0 && t.length <= MAX_NAME ? t : null;
}

/** What the explorer shows now, under a name. */
export function currentView(name: string): SavedView {
  const s = getState();
  return structuredClone({ name, range: s.range, granularity: s.granularity, explorer: s.explorer });
}

/** Saves (a view of the same name is replaced in place), applies, renames, deletes; each change saves itself. */
export function saveView(view: SavedView): void {
  const views = getState().savedViews;
  const i = views.findIndex((w) => w.name === view.name);
  putViews(i < 0 ? [...views, view] : views.map((w, j) => (j === i ? view : w)));
}

export function applyView(view: SavedView): void {
  const w = structuredClone(view);
  setState({ range: w.range, granularity: w.granularity, explorer: { ...DEFAULT_EXPLORER, ...w.explorer } });
}

/** Renames a view; false when the new name is empty or taken by another view. */
export function renameView(from: string, to: string): boolean {
  const name = viewName(to);
  const views = getState().savedViews;
  if (!name || (name !== from && views.some((w) => w.name === name))) return false;
  putViews(views.map((w) => (w.name === from ? { ...w, name } : w)));
  return true;
}

export function deleteView(name: string): void {
  putViews(getState().savedViews.filter((w) => w.name !== name));
}

let saving: Promise<unknown> = Promise.resolve();

/** Sets the views and writes them (in order: a later write never lands before an earlier one). */
export function putViews(views: SavedView[]): void {
  setState({ savedViews: views, savedViewsError: null });
  const text = JSON.stringify({ format: 'finops-explorer-views', version: 1, views });
  saving = saving
    .then(() => getHostBridge().autosave.writeAtomic(VIEWS_FILE, text))
    .catch((e: unknown) => setState({ savedViewsError: `saved views could not be written (${e instanceof Error ? e.message : String(e)})` }));
}

/** Reads the autosaved views at start-up. */
export async function restoreSavedViews(): Promise<void> {
  let text: string | null;
  try {
    text = await getHostBridge().autosave.read(VIEWS_FILE);
  } catch (e) {
    setState({ savedViewsError: `saved views could not be read (${e instanceof Error ? e.message : String(e)})` });
    return;
  }
  if (!text) return;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    setState({ savedViewsError: `${VIEWS_FILE}: not valid JSON; the saved views were not read` });
    return;
  }
  const { views, dropped } = parseSavedViews((o as { views?: unknown } | null)?.views);
  mergeViews(views, true);
  if (dropped > 0) setState({ savedViewsError: `${VIEWS_FILE}: ${dropped} saved view(s) did not fit and were left out` });
}

/**
 * Adds views read from the autosave or a workspace file. With `preferMine` a view of the same
 * name already here is kept (start-up: what this window saved wins); otherwise the incoming one
 * replaces it (a workspace file the analyst opened). Saved at once when anything changed.
 */
export function mergeViews(incoming: SavedView[], preferMine: boolean): void {
  const mine = getState().savedViews;
  const byName = new Map(incoming.map((w) => [w.name, w]));
  const kept = mine.map((m) => (!preferMine && byName.has(m.name) ? byName.get(m.name)! : m));
  const added = incoming.filter((w) => !mine.some((m) => m.name === w.name));
  const next = [...kept, ...added].slice(0, MAX_VIEWS);
  if (JSON.stringify(next) !== JSON.stringify(mine)) putViews(next);
}
