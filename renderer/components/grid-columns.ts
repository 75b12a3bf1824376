/**
 * Which columns a grid shows, in what order and how wide: key columns pinned at the start (the
 * first column unless a spec says otherwise) and at the end (`pin: 'end'`, the key amounts), the
 * rest between them, scrolling. Hidden columns and widths are the analyst's, remembered per grid
 * in localStorage and reset from the column chooser.
 */
import type { ColumnSpec } from './cell-format';

export interface GridPrefs {
  hidden: string[];
  widths: Record<string, number>;
}

export interface PlacedColumn {
  spec: ColumnSpec;
  width: number;
  pin: 'start' | 'end' | null;
  /** Pinned columns: px from the left (start) or right (end) edge of the scroller. */
  offset: number;
  /** The last start-pinned or first end-pinned column draws the edge against the scrolling part. */
  edge: boolean;
}

export const MIN_WIDTH = 48;
export const MAX_WIDTH = 900;
const KEY_PREFIX = 'finops-workbench.grid.';
const NO_PREFS: GridPrefs = { hidden: [], widths: {} };

/** Cell padding (10 px a side), the sort mark (' ▼') and a pixel of rounding, beside a header's label. */
const HEADER_EXTRA = 20 + 16 + 1;
let measure: CanvasRenderingContext2D | null | undefined;

/** Width of a header label in the grid's header font (600 weight); an estimate where nothing can measure text. */
function labelWidth(text: string): number {
  if (measure === undefined) {
    measure = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    const body = measure && getComputedStyle(document.body);
    if (measure && body) measure.font = `600 ${body.fontSize} ${body.fontFamily}`;
  }
  return measure ? Math.ceil(measure.measureText(text).width) : text.length * 8;
}

/** The spec's width, widened so its header label and sort mark are read whole. */
export const defaultWidth = (c: ColumnSpec): number =>
  Math.max(
    c.width ?? (c.kind === 'text' ? 200 : 150),
    Math.min(MAX_WIDTH, labelWidth(c.label + (c.kind === 'timestamp' ? ' (UTC)' : '')) + HEADER_EXTRA),
  );
export const clampWidth = (w: number): number => Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w)));

export function loadGridPrefs(gridId: string): GridPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY_PREFIX + gridId) ?? 'null') as Partial<GridPrefs> | null;
    if (!raw || typeof raw !== 'object') return NO_PREFS;
    const hidden = Array.isArray(raw.hidden) ? raw.hidden.filter((k): k is string => typeof k === 'string') : [];
    const widths: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw.widths ?? {})) if (typeof v === 'number' && Number.isFinite(v)) widths[k] = clampWidth(v);
    return { hidden, widths };
  } catch {
    return NO_PREFS;
  }
}

export function saveGridPrefs(gridId: string, prefs: GridPrefs): void {
  try {
    if (prefs.hidden.length === 0 && Object.keys(prefs.widths).length === 0) localStorage.removeItem(KEY_PREFIX + gridId);
    else localStorage.setItem(KEY_PREFIX + gridId, JSON.stringify(prefs));
  } catch {
    // Storage full or unavailable: the layout lasts for this session only.
  }
}

function pinOf(c: ColumnSpec, i: number, anyStart: boolean): PlacedColumn['pin'] {
  if (c.pin) return c.pin;
  return !anyStart && i === 0 ? 'start' : null;
}

/** The visible columns in display order with their widths and pin offsets. */
export function placeColumns(specs: readonly ColumnSpec[], prefs: GridPrefs): PlacedColumn[] {
  const anyStart = specs.some((c) => c.pin === 'start');
  const shown = specs
    .map((spec, i) => ({ spec, pin: pinOf(spec, i, anyStart) }))
    .filter((c) => !prefs.hidden.includes(c.spec.key))
    .map((c) => ({ ...c, width: prefs.widths[c.spec.key] ?? defaultWidth(c.spec), offset: 0, edge: false }));
  const start = shown.filter((c) => c.pin === 'start');
  const end = shown.filter((c) => c.pin === 'end');
  let left = 0;
  for (const c of start) {
    c.offset = left;
    left += c.width;
  }
  let right = 0;
  for (const c of [...end].reverse()) {
    c.offset = right;
    right += c.width;
  }
  if (start.length) start[start.length - 1].edge = true;
  if (end.length) end[0].edge = true;
  return [...start, ...shown.filter((c) => c.pin === null), ...end];
}
