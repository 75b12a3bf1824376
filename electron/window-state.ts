/**
 * Remembered window geometry, clamped on restore so a window saved on a monitor that is gone (or
 * at a resolution that shrank) comes back fully reachable on a display that exists.
 */
import * as v from 'valibot';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
const DEFAULT_WIDTH = 1440;
const DEFAULT_HEIGHT = 900;

const coordinate = v.pipe(v.number(), v.finite());

/** A saved state as it may be on disk (corrupt, or from an older version): valid bounds or nothing. */
const savedWindowState = v.object({
  bounds: v.object({ x: coordinate, y: coordinate, width: coordinate, height: coordinate }),
  maximized: v.optional(
    v.pipe(
      v.unknown(),
      v.transform((m) => m === true),
    ),
    false,
  ),
});

/** Reads a saved state defensively (the file may be corrupt or from an older version). */
export function parseWindowState(value: unknown): WindowState | null {
  const r = v.safeParse(savedWindowState, value);
  return r.success ? r.output : null;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function centered(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: Math.round(area.x + (area.width - w) / 2),
    y: Math.round(area.y + (area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * Where to open the window: the saved bounds moved/shrunk into the display they overlap most
 * (work areas, i.e. without task bars), or centred on the primary display when they overlap none.
 * `workAreas[0]` is the primary display.
 */
export function clampWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
  if (!saved) return { bounds: centered(primary, DEFAULT_WIDTH, DEFAULT_HEIGHT), maximized: false };
  const b = saved.bounds;
  let best: Rect | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const o = overlap(b, area);
    if (o > bestOverlap) [best, bestOverlap] = [area, o];
  }
  const width = Math.max(MIN_WIDTH, Math.round(b.width));
  const height = Math.max(MIN_HEIGHT, Math.round(b.height));
  if (!best) return { bounds: centered(primary, width, height), maximized: saved.maximized };
  const w = Math.min(width, best.width);
  const h = Math.min(height, best.height);
  const x = Math.min(Math.max(Math.round(b.x), best.x), best.x + best.width - w);
  const y = Math.min(Math.max(Math.round(b.y), best.y), best.y + best.height - h);
  return { bounds: { x, y, width: w, height: h }, maximized: saved.maximized };
}
