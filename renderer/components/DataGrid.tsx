/**
 * The one results grid: virtualized rows paged from DuckDB with LIMIT/OFFSET (only the pages on
 * screen are fetched), sorting through ORDER BY, keyboard navigation (arrows, Page Up/Down,
 * Home/End, Enter to drill) and finance formatting per column (see cell-format.ts).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Engine, Row, SqlValue } from '../../src/engine/engine';
import { runQuery, type Query } from '../../src/queries/query';
import { gridColumns, gridCount, gridPage, type GridSort } from '../../src/queries/grid/page';
import { columnsFromDescribe, formatCell, type ColumnSpec } from './cell-format';
import { formatCount } from '../lib/format-money';
import type { GridMemory } from './grid-memory';

const ROW_H = 26;
const PAGE = 200;
/** Browsers cap element heights (~33M px): beyond this the scrollbar maps proportionally. */
const MAX_SCROLL_PX = 12_000_000;
const NO_PAGES: ReadonlyMap<number, Row[]> = new Map();

export interface DataGridProps {
  engine: Engine;
  /** A named query (src/queries); the grid wraps it for counting, sorting and paging (grid/page.ts). */
  query: Query;
  /** Column formatting; when omitted it is derived from DESCRIBE of the query. */
  columns?: ColumnSpec[];
  label: string;
  /** Bumped by the caller to refetch (data changed). */
  version?: number;
  height?: number | string;
  emptyText?: string;
  defaultSort?: { key: string; desc: boolean };
  onActivate?: (row: Row) => void;
  /** Extra class per row, e.g. 'row-negative' for negative margins. */
  rowClass?: (row: Row) => string | undefined;
  /** Reports the total row count once known. */
  onCount?: (n: number) => void;
  testId?: string;
  /** Keeps sort, active row and scroll while a drill replaces the grid, and refocuses it on return. */
  memory?: GridMemory;
  /** Takes keyboard focus when it appears (the first grid of a drill-down). */
  autoFocus?: boolean;
}

export function DataGrid(props: DataGridProps) {
  const { engine, query, label, version = 0, onActivate, rowClass, onCount } = props;
  const { sql, params, name } = query;
  const paramKey = JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  const queryKey = JSON.stringify([name, sql, paramKey]);
  const memory = props.memory;
  // What the grid was showing before a drill replaced it (same query only).
  const [restored] = useState(() => (memory && memory.query === queryKey ? { ...memory } : null));
  const [specs, setSpecs] = useState<ColumnSpec[] | null>(props.columns ?? null);
  const [total, setTotal] = useState<number | null>(null);
  // Fetched pages belong to one view (query, params, data version, sort): a page fetched for
  // another view is never shown, so a new sort or new data starts from an empty cache.
  const [cache, setCache] = useState<{ view: string; pages: Map<number, Row[]> }>({ view: '', pages: new Map() });
  const [error, setError] = useState<string | null>(null);
  const [sort, setSort] = useState<GridSort | null>(restored?.sort !== undefined ? restored.sort : (props.defaultSort ?? null));
  const [scrollTop, setScrollTop] = useState(0);
  const [viewH, setViewH] = useState(400);
  const [active, setActive] = useState(restored?.active ?? { row: 0, col: 0 });
  const bodyRef = useRef<HTMLDivElement>(null);
  const generation = useRef(0);
  const columnsKey = JSON.stringify(props.columns ?? null);
  const view = JSON.stringify([name, sql, paramKey, version, sort]);
  const pages = cache.view === view ? cache.pages : NO_PAGES;
  /** Pages requested for the current view (keyed `view` + page number). */
  const inflight = useRef({ view, pages: new Set<number>() });
  const currentView = useRef(view);
  currentView.current = view;

  // Count whenever the query, its params or the data change (the sort does not change the count).
  useEffect(() => {
    const gen = ++generation.current;
    setTotal(null);
    setError(null);
    const source = { name, sql, params: JSON.parse(paramKey) as SqlValue[] };
    (async () => {
      const cols = JSON.parse(columnsKey) as ColumnSpec[] | null;
      if (!cols) {
        const desc = await runQuery(engine, gridColumns(source));
        if (gen === generation.current) setSpecs(columnsFromDescribe(desc));
      } else setSpecs(cols);
      const [c] = await runQuery(engine, gridCount(source));
      if (gen === generation.current) setTotal(Number(c.n));
    })().catch((e: unknown) => {
      if (gen === generation.current) setError(e instanceof Error ? e.message : String(e));
    });
  }, [engine, name, sql, paramKey, columnsKey, version]);

  useEffect(() => {
    if (total !== null) onCount?.(total);
  }, [total, onCount]);

  useEffect(() => {
    if (memory) Object.assign(memory, { query: queryKey, sort, active, scrollTop });
  }, [memory, queryKey, sort, active, scrollTop]);

  // Focus on arrival (drill-down) or on return from a drill that started here.
  useEffect(() => {
    if (props.autoFocus || restored?.refocus) bodyRef.current?.focus({ preventScroll: true });
    if (memory) memory.refocus = false;
    // Once, when the grid appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Back where it was: the scroll position is applied once the rows have their height again.
  const pendingScroll = useRef(restored?.scrollTop ?? 0);
  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (!el || total === null || !pendingScroll.current) return;
    el.scrollTop = pendingScroll.current;
    setScrollTop(el.scrollTop);
    pendingScroll.current = 0;
  }, [total]);

  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewH(el.clientHeight));
    ro.observe(el);
    setViewH(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const n = total ?? 0;
  const fullH = n * ROW_H;
  const spacerH = Math.min(fullH, MAX_SCROLL_PX);
  const visibleRows = Math.ceil(viewH / ROW_H) + 1;
  const scaled = fullH > MAX_SCROLL_PX;
  const firstFloat = scaled ? (scrollTop / Math.max(1, spacerH - viewH)) * Math.max(0, n - visibleRows + 1) : scrollTop / ROW_H;
  const first = Math.max(0, Math.floor(firstFloat));
  const last = Math.min(n - 1, first + visibleRows);

  const fetchPage = useCallback(
    (pageNo: number) => {
      if (inflight.current.view !== view) inflight.current = { view, pages: new Set() };
      if (inflight.current.pages.has(pageNo)) return;
      inflight.current.pages.add(pageNo);
      const source = { name, sql, params: JSON.parse(paramKey) as SqlValue[] };
      runQuery(engine, gridPage(source, sort, pageNo, PAGE)).then(
        (rows) => {
          if (currentView.current !== view) return;
          setCache((c) => {
            const next = new Map(c.view === view ? c.pages : undefined);
            next.set(pageNo, rows);
            // Keep memory flat while scrolling far: drop pages well away from this one.
            if (next.size > 12) for (const k of next.keys()) if (Math.abs(k - pageNo) > 4) next.delete(k);
            return { view, pages: next };
          });
        },
        (e: unknown) => {
          if (currentView.current === view) setError(e instanceof Error ? e.message : String(e));
        },
      );
    },
    [engine, name, sql, sort, paramKey, view],
  );

  useEffect(() => {
    if (total === null || n === 0) return;
    for (let pg = Math.floor(first / PAGE); pg <= Math.floor(last / PAGE); pg++) {
      if (!pages.has(pg)) fetchPage(pg);
    }
  }, [first, last, total, n, pages, fetchPage]);

  const rowAt = (i: number): Row | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  const scrollToRow = (i: number) => {
    const el = bodyRef.current;
    if (!el) return;
    if (scaled) {
      el.scrollTop = (i / Math.max(1, n - visibleRows + 1)) * (spacerH - viewH);
      return;
    }
    const top = i * ROW_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H * 2 > el.scrollTop + viewH) el.scrollTop = top + ROW_H * 2 - viewH;
  };

  const cols = specs ?? [];
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (n === 0) return;
    let { row, col } = active;
    const pageRows = Math.max(1, visibleRows - 2);
    switch (e.key) {
      case 'ArrowDown':
        row++;
        break;
      case 'ArrowUp':
        row--;
        break;
      case 'ArrowRight':
        col++;
        break;
      case 'ArrowLeft':
        col--;
        break;
      case 'PageDown':
        row += pageRows;
        break;
      case 'PageUp':
        row -= pageRows;
        break;
      case 'Home':
        if (e.ctrlKey) row = 0;
        else col = 0;
        break;
      case 'End':
        if (e.ctrlKey) row = n - 1;
        else col = cols.length - 1;
        break;
      case 'Enter': {
        activate(rowAt(row));
        e.preventDefault();
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    row = Math.max(0, Math.min(n - 1, row));
    col = Math.max(0, Math.min(cols.length - 1, col));
    setActive({ row, col });
    scrollToRow(row);
  };

  const activate = (r: Row | undefined) => {
    if (!r || !onActivate) return;
    if (memory) memory.refocus = true;
    onActivate(r);
  };

  const toggleSort = (key: string) => {
    setSort((s) => (s?.key === key ? (s.desc ? { key, desc: false } : null) : { key, desc: true }));
    bodyRef.current?.scrollTo({ top: 0 });
  };

  const template = cols.map((c) => `${c.width ?? (c.kind === 'text' ? 200 : 150)}px`).join(' ');
  const rows = [];
  for (let i = first; i <= last && n > 0; i++) {
    const r = rowAt(i);
    const top = scaled ? scrollTop + (i - firstFloat) * ROW_H : i * ROW_H;
    const extra = r && rowClass ? rowClass(r) : undefined;
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        className={`grid-row${i % 2 ? ' odd' : ''}${active.row === i ? ' active' : ''}${extra ? ' ' + extra : ''}`}
        style={{ top, gridTemplateColumns: template }}
        onClick={() => setActive({ row: i, col: active.col })}
        onDoubleClick={() => activate(r)}
      >
        {cols.map((c, ci) => {
          const f = r ? formatCell(r, c) : { text: '…', className: 'pending' };
          return (
            <div
              key={c.key}
              role="gridcell"
              id={active.row === i && active.col === ci ? `${props.testId ?? 'grid'}-active` : undefined}
              className={`cell ${f.className}${active.row === i && active.col === ci ? ' focus' : ''}`}
              title={f.title}
            >
              {f.text}
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div className="grid-wrap" data-testid={props.testId} style={{ height: props.height ?? 420 }}>
      <div
        className="grid"
        role="grid"
        aria-label={label}
        aria-rowcount={n + 1}
        aria-colcount={cols.length}
        aria-busy={total === null}
        aria-activedescendant={n > 0 ? `${props.testId ?? 'grid'}-active` : undefined}
        tabIndex={0}
        ref={bodyRef}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {cols.map((c) => (
            <div
              key={c.key}
              role="columnheader"
              aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              className={`cell head ${c.kind === 'text' || c.kind === 'date' || c.kind === 'timestamp' ? '' : 'num'}`}
            >
              <button type="button" onClick={() => toggleSort(c.key)} title={`Sort by ${c.label}`}>
                {c.label}
                {c.kind === 'timestamp' ? ' (UTC)' : ''}
                <span aria-hidden="true" className="sort-mark">
                  {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </span>
              </button>
            </div>
          ))}
        </div>
        <div className="grid-body" style={{ height: spacerH }}>
          {rows}
        </div>
        {total === 0 && !error && <div className="grid-empty">{props.emptyText ?? 'No rows.'}</div>}
      </div>
      <div className="grid-foot" aria-live="polite">
        {error ? (
          <span className="error-text" role="alert">
            {error}
          </span>
        ) : total === null ? (
          'Counting rows…'
        ) : (
          `${formatCount(total)} row${total === 1 ? '' : 's'}${n > 0 ? ` · row ${formatCount(active.row + 1)}` : ''}`
        )}
      </div>
    </div>
  );
}
