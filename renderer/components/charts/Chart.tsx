/**
 * Every chart in the app: lines, stacked bars or stacked areas over categories (periods, days),
 * with an optional baseline band and flagged points, drawn by ECharts (echarts-setup.ts).
 * Values arrive as exact decimal strings: the geometry uses them as numbers, every text (tooltip,
 * data table) shows the string formatted by `format`, never a float. The figure takes focus;
 * T shows or hides its data table (also a button), so every figure has its numbers one key away.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { EChartsType } from './echarts-setup';
import { useChartTheme, type ChartTheme } from './chart-theme';

export interface ChartSeries {
  name: string;
  /** Exact decimal strings (or plain number text); null is a gap. */
  values: (string | null)[];
  /** line (default), bar (stacked with the other bars) or area (stacked with the other areas). */
  kind?: 'line' | 'bar' | 'area';
  dashed?: boolean;
  /** Drawn hatched (a share moved from elsewhere, e.g. split from shared cost). */
  hatched?: boolean;
  /** Index into the theme's --series-N colours (default: the series' position). */
  colorIndex?: number;
}

export interface ChartProps {
  title: string;
  categories: string[];
  series: ChartSeries[];
  /** Text of one value (tooltip, data table), e.g. an amount in its currency's minor units. */
  format: (value: string) => string;
  band?: { low: (string | null)[]; high: (string | null)[]; label: string };
  flagged?: { index: number; label: string }[];
  height?: number;
  testId?: string;
  /** Header of the category column in the data table (default 'Period'). */
  categoryLabel?: string;
  /** Written to the figure's data-drawn once these props are on screen (drawn or found empty): a measurement reads what the chart shows, not what was asked. */
  drawnMark?: string;
  /** The data are still being queried: the chart says so (and is busy) instead of "No points". */
  loading?: boolean;
}

const num = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? null : Number(v));

function compact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toPrecision(3)}B`;
  if (a >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return `${+n.toPrecision(3)}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The ECharts option for the props in the theme (pure: same input, same option). */
export function chartOption(p: ChartProps, theme: ChartTheme): Record<string, unknown> {
  const colorOf = (s: ChartSeries, i: number) => theme.series[(s.colorIndex ?? i) % theme.series.length];
  const many = p.categories.length > 60;
  const series: Record<string, unknown>[] = p.series.map((s, i) => {
    const kind = s.kind ?? 'line';
    return {
      name: s.name,
      type: kind === 'bar' ? 'bar' : 'line',
      data: s.values.map(num),
      stack: kind === 'line' ? undefined : kind,
      areaStyle: kind === 'area' ? { opacity: 0.75 } : undefined,
      itemStyle: s.hatched ? { decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4 }, opacity: 0.8 } : undefined,
      color: colorOf(s, i),
      lineStyle: { width: kind === 'area' ? 1 : 2, type: s.dashed ? 'dashed' : 'solid' },
      showSymbol: kind === 'line' && p.categories.length <= 40,
      symbol: 'circle',
      showAllSymbol: true,
      symbolSize: 6,
      sampling: kind === 'line' ? 'lttb' : undefined,
      large: kind === 'bar' && p.categories.length > 400,
      barMaxWidth: 48,
      emphasis: { focus: 'series' },
      markPoint:
        i === 0 && p.flagged?.length
          ? {
              symbol: 'triangle',
              symbolSize: 12,
              symbolOffset: [0, -10],
              itemStyle: { color: theme.flag },
              label: { show: false },
              data: p.flagged.map((f) => ({ coord: [f.index, num(s.values[f.index])], name: f.label })),
            }
          : undefined,
    };
  });
  if (p.band) {
    // Band = invisible low line plus the (high − low) area stacked on it.
    series.push(
      {
        name: `${p.band.label} (low)`,
        type: 'line',
        data: p.band.low.map(num),
        stack: '__band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        silent: true,
        tooltip: { show: false },
      },
      {
        name: p.band.label,
        type: 'line',
        data: p.band.high.map((h, i) => {
          const hi = num(h);
          const lo = num(p.band!.low[i]);
          return hi === null || lo === null ? null : hi - lo;
        }),
        stack: '__band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: theme.band },
        color: theme.band,
        silent: true,
      },
    );
  }
  const axisText = { color: theme.muted, fontSize: 11, fontFamily: theme.font };
  const fit = p.band ? dataRange(p.series) : null;
  return {
    animation: false,
    aria: { enabled: true, label: { description: ariaDescription(p) } },
    textStyle: { color: theme.text, fontFamily: theme.font },
    grid: { left: 8, right: 16, top: 16, bottom: many ? 44 : 36, containLabel: true },
    legend: {
      bottom: 0,
      type: 'scroll',
      textStyle: { color: theme.muted, fontFamily: theme.font },
      pageTextStyle: { color: theme.muted },
      data: p.series.map((s) => s.name).concat(p.band ? [p.band.label] : []),
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.text, fontSize: 12 },
      formatter: (params: { dataIndex: number }[] | { dataIndex: number }) =>
        tooltipHtml(p, (Array.isArray(params) ? params[0] : params)?.dataIndex ?? 0, theme),
    },
    xAxis: {
      type: 'category',
      data: p.categories,
      boundaryGap: p.series.some((s) => s.kind === 'bar'),
      axisLabel: { ...axisText, hideOverlap: true },
      axisLine: { lineStyle: { color: theme.border } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      // A band fits the axis to the data, not the data to the band: a wide band on a quiet day
      // would squash the series into the bottom of the chart. The band is clipped at the edges.
      ...(fit ? { min: fit[0], max: fit[1] } : {}),
      // The fitted ends are not round numbers: only the ticks between them are labelled.
      axisLabel: { ...axisText, formatter: (v: number) => compact(v), showMinLabel: !fit || fit[0] === 0, showMaxLabel: !fit },
      splitLine: { lineStyle: { color: theme.border, type: 'dashed' } },
    },
    dataZoom: many ? [{ type: 'inside' }] : [],
    series,
  };
}

/** [min, max] of the series' values (not the band), padded by 8% of the span; 0 stays the floor of positive data. */
export function dataRange(series: ChartSeries[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (const v of s.values) {
      const x = num(v);
      if (x === null || !Number.isFinite(x)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  if (lo > hi) return null;
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}

function ariaDescription(p: ChartProps): string {
  const span = p.categories.length ? ` from ${p.categories[0]} to ${p.categories[p.categories.length - 1]}` : '';
  return `${p.title}: ${p.series.length} series over ${p.categories.length} points${span}. Press T for the data table.`;
}

/** Tooltip for one category: each series' exact value (formatted from its string), band and flags. */
export function tooltipHtml(p: ChartProps, index: number, theme: ChartTheme): string {
  const rows = p.series
    .map((s, i) => {
      const v = s.values[index];
      if (v === null || v === undefined) return '';
      const sw = `<span style="display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:6px;background:${theme.series[(s.colorIndex ?? i) % theme.series.length]}"></span>`;
      return `<div style="display:flex;justify-content:space-between;gap:16px"><span>${sw}${escapeHtml(s.name)}</span><span style="font-variant-numeric:tabular-nums">${escapeHtml(p.format(v))}</span></div>`;
    })
    .join('');
  const lo = p.band?.low[index];
  const hi = p.band?.high[index];
  const band =
    p.band && lo && hi
      ? `<div style="color:${theme.muted}">${escapeHtml(p.band.label)}: ${escapeHtml(p.format(lo))} – ${escapeHtml(p.format(hi))}</div>`
      : '';
  const flags = (p.flagged ?? []).filter((f) => f.index === index).map((f) => `<div>▲ ${escapeHtml(f.label)}</div>`);
  return `<div data-testid="chart-tooltip"><strong>${escapeHtml(p.categories[index] ?? '')}</strong>${rows}${band}${flags.join('')}</div>`;
}

export function Chart(props: ChartProps) {
  const { title, categories, series, format, band, flagged, height = 240, testId, categoryLabel = 'Period', drawnMark, loading = false } = props;
  const el = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLElement & HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const theme = useChartTheme();
  const [showTable, setShowTable] = useState(false);
  // The option is rebuilt only when what it draws changes, not on every render of the screen
  // (callers pass fresh arrays and a fresh `format` each time); the tooltip reads the latest format.
  const formatRef = useRef(format);
  formatRef.current = format;
  const drawnKey = JSON.stringify([title, categories, series, band, flagged]);
  const option = useMemo(
    () => chartOption({ title, categories, series, band, flagged, format: (v) => formatRef.current(v) }, theme),
    [drawnKey, theme], // eslint-disable-line react-hooks/exhaustive-deps
  );
  // Series added, removed or renamed (or a band or flags): the series, zoom and value axis replaced, the rest kept; new values only: a merge.
  const shapeKey = JSON.stringify([
    series.map((s) => [s.name, s.kind, s.hatched, s.dashed, s.colorIndex]),
    !!band,
    flagged?.length ?? 0,
    categories.length > 60,
  ]);
  const drawnShape = useRef<string | null>(null);
  const empty = categories.length === 0 || series.every((s) => s.values.every((v) => v === null));

  // ECharts is its own chunk, loaded with the first chart (start-up does not wait for it).
  const [ready, setReady] = useState(0);
  useEffect(() => {
    const host = el.current;
    if (!host || empty) return;
    let c: EChartsType | null = null;
    let ro: ResizeObserver | null = null;
    let live = true;
    void import('./echarts-setup').then(({ createChart }) => {
      if (!live) return;
      c = createChart(host);
      chart.current = c;
      ro = new ResizeObserver(() => c?.resize());
      ro.observe(host);
      setReady((n) => n + 1);
    });
    return () => {
      live = false;
      ro?.disconnect();
      c?.dispose();
      chart.current = null;
      drawnShape.current = null;
    };
  }, [empty]);

  useEffect(() => {
    const c = chart.current;
    if (c) {
      c.setOption(option, drawnShape.current === shapeKey ? {} : { replaceMerge: ['series', 'dataZoom', 'yAxis'] });
      drawnShape.current = shapeKey;
    }
    // ECharts writes its aria-label on the container; the container is the image.
    el.current?.setAttribute('role', 'img');
    // What ECharts holds after drawing (its marked points, its y-axis range), for tests to
    // compare with the text: read back from the chart, not from the props.
    if (c && el.current) {
      const drawn = c.getOption() as { series?: { markPoint?: { data?: { coord?: [number, number] }[] } }[] };
      const marked = (drawn.series?.[0]?.markPoint?.data ?? []).map((d) => categories[d.coord?.[0] ?? -1]);
      el.current.dataset.marked = marked.join(',');
      const y = (c as unknown as { getModel(): { getComponent(t: string, i: number): { axis: { scale: { getExtent(): number[] } } } } })
        .getModel()
        .getComponent('yAxis', 0)
        .axis.scale.getExtent();
      el.current.dataset.yRange = y.join(',');
    }
  }, [option, ready]); // eslint-disable-line react-hooks/exhaustive-deps

  // After the draw above (effects run in order): the mark names what is now on screen. Until
  // ECharts has loaded nothing is drawn, so nothing is marked.
  useEffect(() => {
    if (drawnMark !== undefined && figure.current && !(empty && loading) && (empty || chart.current)) figure.current.dataset.drawn = drawnMark;
  }, [drawnMark, option, ready, empty, loading]);

  if (empty && loading)
    return (
      <div className="empty-state" aria-busy="true" ref={figure}>
        Loading the chart…
      </div>
    );
  if (empty)
    return (
      <div className="empty-state" ref={figure}>
        No points to chart.
      </div>
    );

  const onKey = (e: KeyboardEvent) => {
    if ((e.key === 't' || e.key === 'T') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      setShowTable((s) => !s);
    }
  };
  return (
    <figure
      ref={figure}
      className="chart-figure"
      data-testid={testId}
      tabIndex={0}
      onKeyDown={onKey}
      aria-label={`${title}. Press T for the data table.`}
    >
      <div className="chart-head">
        <figcaption className="muted">{title}</figcaption>
        <button type="button" className="link" aria-expanded={showTable} onClick={() => setShowTable((s) => !s)} title="Show the numbers (T)">
          {showTable ? 'Hide data table' : 'Data table'} <kbd>T</kbd>
        </button>
      </div>
      <div ref={el} className="chart" style={{ height }} />
      {showTable && (
        <ChartTable
          title={title}
          categories={categories}
          series={series}
          format={format}
          band={band}
          flagged={flagged}
          categoryLabel={categoryLabel}
        />
      )}
    </figure>
  );
}

function ChartTable({ title, categories, series, format, band, flagged, categoryLabel }: Omit<ChartProps, 'height' | 'testId'>) {
  const f = (v: string | null | undefined) => (v === null || v === undefined ? '—' : format(v));
  return (
    <div className="chart-table-wrap">
      <table className="chart-table tabular" data-testid="chart-table">
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{categoryLabel}</th>
            {series.map((s) => (
              <th scope="col" key={s.name}>
                {s.name}
              </th>
            ))}
            {band && <th scope="col">{band.label}</th>}
            {flagged && flagged.length > 0 && <th scope="col">Flag</th>}
          </tr>
        </thead>
        <tbody>
          {categories.map((c, i) => (
            <tr key={c + i}>
              <th scope="row">{c}</th>
              {series.map((s) => (
                <td key={s.name}>{f(s.values[i])}</td>
              ))}
              {band && (
                <td>
                  {f(band.low[i])} – {f(band.high[i])}
                </td>
              )}
              {flagged && flagged.length > 0 && <td>{flagged.some((x) => x.index === i) ? '▲ flagged' : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
