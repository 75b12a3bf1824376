/**
 * The one results grid: virtualized rows paged from DuckDB with LIMIT/OFFSET (only the pages on
 * screen are fetched), sorting through ORDER BY, keyboard navigation (arrows, Page Up/Down,
 * Home/End, Enter to drill; Shift extends a selection, Ctrl/Cmd+A selects all, Shift+Space whole
 * rows, Ctrl/Cmd+C copies it as TSV) and finance formatting per column (see cell-format.ts).
 * Key columns stay in view while it scrolls sideways (grid-columns.ts); columns can be hidden and
 * resized (by drag, or arrows on the header's edge), remembered per grid; a totals row per
 * currency sums the money columns in SQL; the whole grid as shown exports to CSV or XLSX.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import type { Engine, Row, SqlValue } from '../../src/engine/engine';
import { runQuery, type Query } from '../../src/queries/query';
import { gridAll, gridColumns, gridCount, gridPage, gridSlice, type GridSort } from '../../src/queries/grid/page';
import { gridTotals, totalAlias, totalsRowCount, type GridTotalsRow, type TotalsCurrency } from '../../src/queries/grid/totals';
import { columnsFromDescribe, formatCell, type ColumnSpec } from './cell-format';
import { formatCount, formatMoney } from '../lib/format-money';
import type { GridMemory } from './grid-memory';
import { clampWidth, loadGridPrefs, placeColumns, saveGridPrefs, type GridPrefs } from './grid-columns';
import { GridColumnChooser } from './GridColumnChooser';
import { copyRows, saveGridFile, type GridFileFormat } from './grid-output';

const ROW_H = 26;
const PAGE = 200;
/** Browsers cap element heights (~33M px): beyond this the scrollbar maps proportionally. */
const MAX_SCROLL_PX = 12_000_000;
const NO_PAGES: ReadonlyMap<number, Row[]> = new Map();
/** Keyboard resize steps (px): arrows, and with Shift. */
const RESIZE_STEP = 10;
const RESIZE_STEP_BIG = 50;

/** The money columns a totals row sums, with the one currency source they share. */
function totalsPlan(specs: readonly ColumnSpec[]): { currency: TotalsCurrency; keys: string[] } | null {
  const money = specs.filter((c) => c.kind === 'money' && (c.currency || c.currencyKey));
  if (money.length === 0) return null;
  const src = (c: ColumnSpec): TotalsCurrency => (c.currency ? { code: c.currency } : { key: c.currencyKey! });
  const first = JSON.stringify(src(money[0]));
  return { currency: src(money[0]), keys: money.filter((c) => JSON.stringify(src(c)) === first).map((c) => c.key) };
}

/** Totals rows with at least one sum (a currency whose money columns are all empty shows none). */
function shownTotals(rows: GridTotalsRow[], keys: readonly string[]): GridTotalsRow[] {
  return rows.filter((t) => keys.some((_k, i) => t[totalAlias(i)] !== null));
}

type Cell = { row: number; col: number };

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
  /** The totals rows per currency (sums of the money columns `keys`, by totalAlias) once in: a caller's tiles need no query of their own. */
  onTotals?: (rows: GridTotalsRow[], keys: readonly string[]) => void;
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
  const gridId = props.testId ?? label;
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
  const [active, setActive] = useState<Cell>(restored?.active ?? { row: 0, col: 0 });
  // The other corner of the selected block; equal to `active` when one cell is selected.
  const [anchor, setAnchor] = useState<Cell>(restored?.active ?? { row: 0, col: 0 });
  const [prefs, setPrefsState] = useState<GridPrefs>(() => loadGridPrefs(gridId));
  const [totals, setTotals] = useState<GridTotalsRow[]>([]);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const generation = useRef(0);
  const onTotals = useRef(props.onTotals);
  onTotals.current = props.onTotals;
  const dragging = useRef(false);
  const columnsKey = JSON.stringify(props.columns ?? null);
  const view = JSON.stringify([name, sql, paramKey, version, sort]);
  const pages = cache.view === view ? cache.pages : NO_PAGES;
  /** Pages requested for the current view (keyed `view` + page number). */
  const inflight = useRef({ view, pages: new Set<number>() });
  const currentView = useRef(view);
  currentView.current = view;

  const setPrefs = (p: GridPrefs) => {
    setPrefsState(p);
    saveGridPrefs(gridId, p);
  };

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
      // Columns known up front with a totals row: its rows per currency also count the grid (one query less).
      const plan = cols ? totalsPlan(cols) : null;
      if (plan) {
        if (gen === generation.current) setTotals([]);
        const rows = await runQuery(engine, gridTotals(source, plan.currency, plan.keys));
        if (gen !== generation.current) return;
        setTotal(totalsRowCount(rows));
        setTotals(shownTotals(rows, plan.keys));
        onTotals.current?.(rows, plan.keys);
        return;
      }
      const [c] = await runQuery(engine, gridCount(source));
      if (gen === generation.current) setTotal(Number(c.n));
    })().catch((e: unknown) => {
      if (gen === generation.current) setError(e instanceof Error ? e.message : String(e));
    });
  }, [engine, name, sql, paramKey, columnsKey, version]);

  // Totals per currency of the money columns, summed exactly in SQL (the sort does not change them);
  // with columns given, the count above brings them.
  const plan = specs ? totalsPlan(specs) : null;
  const planKey = JSON.stringify(plan);
  useEffect(() => {
    const p = JSON.parse(planKey) as ReturnType<typeof totalsPlan>;
    if (columnsKey !== 'null') return;
    setTotals([]);
    if (!p) return;
    let live = true;
    const source = { name, sql, params: JSON.parse(paramKey) as SqlValue[] };
    runQuery(engine, gridTotals(source, p.currency, p.keys)).then(
      (rows) => live && setTotals(shownTotals(rows, p.keys)),
      // The count reports a broken query; totals then simply stay away.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [engine, name, sql, paramKey, planKey, columnsKey, version]);

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

  useEffect(() => {
    const up = () => (dragging.current = false);
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);

  const n = total ?? 0;
  const fullH = n * ROW_H;
  const spacerH = Math.min(fullH, MAX_SCROLL_PX);
  const visibleRows = Math.ceil(viewH / ROW_H) + 1;
  const scaled = fullH > MAX_SCROLL_PX;
  const firstFloat = scaled ? (scrollTop / Math.max(1, spacerH - viewH)) * Math.max(0, n - visibleRows + 1) : scrollTop / ROW_H;
  const first = Math.max(0, Math.floor(firstFloat));
  const last = Math.min(n - 1, first + visibleRows);

  const source = useCallback(() => ({ name, sql, params: JSON.parse(paramKey) as SqlValue[] }), [name, sql, paramKey]);

  const fetchPage = useCallback(
    (pageNo: number) => {
      if (inflight.current.view !== view) inflight.current = { view, pages: new Set() };
      if (inflight.current.pages.has(pageNo)) return;
      inflight.current.pages.add(pageNo);
      runQuery(engine, gridPage(source(), sort, pageNo, PAGE)).then(
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
    [engine, source, sort, view],
  );

  // A new view at the top asks for its first page together with its count, not after it.
  useEffect(() => {
    if (scrollTop === 0 && !pendingScroll.current) fetchPage(0);
  }, [view]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (total === null || n === 0) return;
    for (let pg = Math.floor(first / PAGE); pg <= Math.floor(last / PAGE); pg++) {
      if (!pages.has(pg)) fetchPage(pg);
    }
  }, [first, last, total, n, pages, fetchPage]);

  const rowAt = (i: number): Row | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  const placed = placeColumns(specs ?? [], prefs);
  const cols = placed.map((p) => p.spec);
  const startW = placed.filter((p) => p.pin === 'start').reduce((a, p) => a + p.width, 0);
  const endW = placed.filter((p) => p.pin === 'end').reduce((a, p) => a + p.width, 0);
  const lastCol = Math.max(0, cols.length - 1);
  const at = (c: Cell): Cell => ({ row: c.row, col: Math.min(c.col, lastCol) });
  const act = at(active);
  const anc = at(anchor);
  const sel = { r0: Math.min(act.row, anc.row), r1: Math.max(act.row, anc.row), c0: Math.min(act.col, anc.col), c1: Math.max(act.col, anc.col) };
  const selRows = sel.r1 - sel.r0 + 1;
  const selCols = sel.c1 - sel.c0 + 1;
  const inSel = (i: number, ci: number) => i >= sel.r0 && i <= sel.r1 && ci >= sel.c0 && ci <= sel.c1;

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

  /** Brings a scrolling column out from under the pinned ones. */
  const scrollToCol = (ci: number) => {
    const el = bodyRef.current;
    const p = placed[ci];
    if (!el || !p || p.pin) return;
    const left = placed.slice(0, ci).reduce((a, q) => a + q.width, 0);
    if (left - startW < el.scrollLeft) el.scrollLeft = left - startW;
    else if (left + p.width > el.scrollLeft + el.clientWidth - endW) el.scrollLeft = left + p.width - el.clientWidth + endW;
  };

  const moveTo = (c: Cell, extend: boolean) => {
    setActive(c);
    if (!extend) setAnchor(c);
    scrollToRow(c.row);
    scrollToCol(c.col);
  };

  const say = (ok: boolean, text: string) => setNote({ ok, text });

  /** The selected block's rows: from the fetched pages, or from the engine for rows not fetched. */
  const selectedRows = async (): Promise<Row[]> => {
    const have: Row[] = [];
    for (let i = sel.r0; i <= sel.r1; i++) {
      const r = rowAt(i);
      if (!r) return runQuery(engine, gridSlice(source(), sort, sel.r0, selRows));
      have.push(r);
    }
    return have;
  };

  const copySelection = async () => {
    if (n === 0) return;
    try {
      const rows = await selectedRows();
      // Whole rows carry their header line, so a paste into a spreadsheet is labelled.
      const wholeRows = sel.c0 === 0 && sel.c1 === lastCol && cols.length > 1;
      await copyRows(rows, cols.slice(sel.c0, sel.c1 + 1), wholeRows);
      say(true, `Copied ${formatCount(rows.length)} row${rows.length === 1 ? '' : 's'} × ${selCols} column${selCols === 1 ? '' : 's'}`);
    } catch (e) {
      say(false, e instanceof Error ? e.message : String(e));
    }
  };

  const exportGrid = async (format: GridFileFormat) => {
    try {
      say(true, 'Exporting…');
      const rows = await runQuery(engine, gridAll(source(), sort));
      const saved = await saveGridFile(rows, cols, label, format);
      say(true, saved ? `Exported ${formatCount(rows.length)} rows to ${saved}` : 'Export cancelled.');
    } catch (e) {
      say(false, e instanceof Error ? e.message : String(e));
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (n === 0) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === 'c' || e.key === 'C')) {
      e.preventDefault();
      void copySelection();
      return;
    }
    if (mod && (e.key === 'a' || e.key === 'A')) {
      e.preventDefault();
      setAnchor({ row: 0, col: 0 });
      setActive({ row: n - 1, col: lastCol });
      return;
    }
    if (e.key === ' ' && e.shiftKey) {
      e.preventDefault();
      setAnchor({ row: anc.row, col: 0 });
      setActive({ row: act.row, col: lastCol });
      return;
    }
    let { row, col } = act;
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
        if (mod) row = 0;
        else col = 0;
        break;
      case 'End':
        if (mod) row = n - 1;
        else col = lastCol;
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
    moveTo({ row: Math.max(0, Math.min(n - 1, row)), col: Math.max(0, Math.min(lastCol, col)) }, e.shiftKey);
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

  const onCellDown = (e: ReactMouseEvent, c: Cell) => {
    if (e.button !== 0) return;
    // No text selection while picking cells; the grid keeps the keyboard.
    e.preventDefault();
    bodyRef.current?.focus({ preventScroll: true });
    setActive(c);
    if (!e.shiftKey) setAnchor(c);
    dragging.current = true;
  };

  const resizeTo = (key: string, w: number) => setPrefs({ ...prefs, widths: { ...prefs.widths, [key]: clampWidth(w) } });

  const onResizeKey = (e: KeyboardEvent<HTMLElement>, key: string, w: number) => {
    const step = e.shiftKey ? RESIZE_STEP_BIG : RESIZE_STEP;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') resizeTo(key, w + (e.key === 'ArrowRight' ? step : -step));
    else if (e.key !== 'Tab') return;
    // The grid's own arrows move the active cell: keep them off while resizing.
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
  };

  const onResizeDown = (e: ReactPointerEvent<HTMLElement>, key: string, w: number) => {
    e.preventDefault();
    e.stopPropagation();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const x0 = e.clientX;
    let latest = prefs;
    const move = (ev: PointerEvent) => {
      latest = { ...latest, widths: { ...latest.widths, [key]: clampWidth(w + ev.clientX - x0) } };
      setPrefsState(latest);
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      saveGridPrefs(gridId, latest);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  };

  const template = placed.map((p) => `${p.width}px`).join(' ');
  /** Pinned cells stick to their edge of the scroller. */
  const pinStyle = (ci: number) => {
    const p = placed[ci];
    return p.pin === 'start' ? { left: p.offset } : p.pin === 'end' ? { right: p.offset } : undefined;
  };
  const pinClass = (ci: number) => {
    const p = placed[ci];
    return p.pin ? ` pin-${p.pin}${p.edge ? ' pin-edge' : ''}` : '';
  };
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
        className={`grid-row${i % 2 ? ' odd' : ''}${act.row === i ? ' active' : ''}${extra ? ' ' + extra : ''}`}
        style={{ top, gridTemplateColumns: template }}
        onDoubleClick={() => activate(r)}
      >
        {cols.map((c, ci) => {
          const f = r ? formatCell(r, c) : { text: '…', className: 'pending' };
          const isActive = act.row === i && act.col === ci;
          const selected = inSel(i, ci) && (selRows > 1 || selCols > 1);
          return (
            <div
              key={c.key}
              role="gridcell"
              aria-selected={inSel(i, ci)}
              id={isActive ? `${props.testId ?? 'grid'}-active` : undefined}
              className={`cell ${f.className}${pinClass(ci)}${isActive ? ' focus' : ''}${selected ? ' selected' : ''}`}
              style={pinStyle(ci)}
              title={f.title}
              onMouseDown={(e) => onCellDown(e, { row: i, col: ci })}
              onMouseEnter={(e) => {
                if (dragging.current && e.buttons & 1) setActive({ row: i, col: ci });
              }}
            >
              {f.text}
            </div>
          );
        })}
      </div>,
    );
  }

  const totalsFor = plan && totals.length > 0 && n > 0 ? plan : null;

  return (
    <div className="grid-wrap" data-testid={props.testId} style={{ height: props.height ?? 420 }}>
      <div
        className="grid"
        role="grid"
        aria-label={label}
        aria-rowcount={n + 1}
        aria-colcount={cols.length}
        aria-multiselectable="true"
        aria-busy={total === null}
        aria-activedescendant={n > 0 ? `${props.testId ?? 'grid'}-active` : undefined}
        tabIndex={0}
        ref={bodyRef}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {placed.map(({ spec: c, width }, ci) => (
            <div
              key={c.key}
              role="columnheader"
              aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              className={`cell head ${c.kind === 'text' || c.kind === 'date' || c.kind === 'timestamp' ? '' : 'num'}${pinClass(ci)}`}
              style={pinStyle(ci)}
            >
              <button type="button" onClick={() => toggleSort(c.key)} title={`Sort by ${c.label}`}>
                {c.label}
                {c.kind === 'timestamp' ? ' (UTC)' : ''}
                <span aria-hidden="true" className="sort-mark">
                  {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </span>
              </button>
              <span
                role="separator"
                aria-orientation="vertical"
                aria-label={`Width of ${c.label}`}
                aria-valuenow={width}
                aria-valuemin={48}
                aria-valuemax={900}
                tabIndex={0}
                className="col-resize"
                title="Drag, or Left/Right arrows, to resize"
                onKeyDown={(e) => onResizeKey(e, c.key, width)}
                onPointerDown={(e) => onResizeDown(e, c.key, width)}
                onClick={(e) => e.stopPropagation()}
              />
            </div>
          ))}
        </div>
        <div className="grid-body" style={{ height: spacerH }}>
          {rows}
        </div>
        {totalsFor && (
          <div
            className="grid-totals"
            role="rowgroup"
            aria-label="Totals per currency"
            data-testid={props.testId ? `${props.testId}-totals` : undefined}
          >
            {totals.map((t) => {
              const cur = t.grid_currency ?? ('code' in totalsFor.currency ? totalsFor.currency.code : '');
              return (
                <div key={cur || '(none)'} role="row" className="grid-total" data-currency={cur} style={{ gridTemplateColumns: template }}>
                  {cols.map((c, ci) => {
                    const k = totalsFor.keys.indexOf(c.key);
                    const sum = k >= 0 ? (t[totalAlias(k)] as string | null) : null;
                    const f = sum !== null ? formatMoney(sum, cur) : null;
                    const text =
                      ci === 0 && k < 0
                        ? `Total ${cur || '(no currency)'}`
                        : f
                          ? f.text
                          : 'key' in totalsFor.currency && c.key === totalsFor.currency.key
                            ? cur
                            : '';
                    return (
                      <div
                        key={c.key}
                        role="gridcell"
                        data-key={c.key}
                        className={`cell${f ? ` num${f.negative ? ' neg' : ''}` : ''}${pinClass(ci)}`}
                        style={pinStyle(ci)}
                        title={f ? `${sum} ${cur} (sum of ${formatCount(t.grid_rows)} rows)` : undefined}
                      >
                        {text}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        )}
        {total === 0 && !error && <div className="grid-empty">{props.emptyText ?? 'No rows.'}</div>}
      </div>
      <div className="grid-foot">
        <span aria-live="polite">
          {error ? (
            <span className="error-text" role="alert">
              {error}
            </span>
          ) : total === null ? (
            'Counting rows…'
          ) : (
            `${formatCount(total)} row${total === 1 ? '' : 's'}${n > 0 ? ` · row ${formatCount(act.row + 1)}` : ''}${
              n > 0 && (selRows > 1 || selCols > 1) ? ` · ${formatCount(selRows)} × ${selCols} selected` : ''
            }`
          )}
        </span>
        <span className="grow" />
        {note && (
          <span className={note.ok ? 'muted' : 'error-text'} role={note.ok ? 'status' : 'alert'} data-testid="grid-note">
            {note.text}
          </span>
        )}
        {specs && specs.length > 0 && <GridColumnChooser label={label} specs={specs} prefs={prefs} onChange={setPrefs} />}
        <button
          type="button"
          className="btn small"
          disabled={n === 0}
          onClick={() => void copySelection()}
          title="Copy the selected cells as TSV (Ctrl+C)"
        >
          Copy
        </button>
        {(['csv', 'xlsx'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className="btn small"
            disabled={n === 0}
            onClick={() => void exportGrid(f)}
            title={`Export every row, as sorted and filtered, to ${f.toUpperCase()}`}
          >
            {f.toUpperCase()}
          </button>
        ))}
      </div>
    </div>
  );
}
