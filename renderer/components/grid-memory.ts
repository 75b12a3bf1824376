/**
 * What a results grid remembers while a drill-down replaces it: its sort, active cell, scroll
 * position and that focus should come back to it. Owned by the screen (one per grid it drills
 * from), so leaving the screen forgets it; applied only to the same query (name, SQL, params).
 */
import { useRef } from 'react';
import type { GridSort } from '../../src/queries/grid/page';

export interface GridMemory {
  query?: string;
  sort?: GridSort | null;
  active?: { row: number; col: number };
  scrollTop?: number;
  /** Set when a row was activated (drilled into): focus returns to the grid when it mounts again. */
  refocus?: boolean;
}

export function useGridMemory(): GridMemory {
  return useRef<GridMemory>({}).current;
}
