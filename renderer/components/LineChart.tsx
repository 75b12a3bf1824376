/**
 * A small SVG line chart for series over periods or days: optional baseline band and flagged
 * points (drawn as ▲ markers with a text label, never colour alone). Values are plotted as
 * numbers; exact amounts are shown in the tables beside the chart.
 */
export interface ChartSeries {
  name: string;
  /** CSS colour variable, e.g. 'var(--series-1)'. */
  color: string;
  values: (number | null)[];
  dashed?: boolean;
}

export interface LineChartProps {
  labels: string[];
  series: ChartSeries[];
  band?: { low: (number | null)[]; high: (number | null)[]; label: string };
  flagged?: { index: number; label: string }[];
  title: string;
  height?: number;
  /** viewBox width: smaller for narrow panels so labels stay legible. */
  width?: number;
}

function compact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toPrecision(3)}B`;
  if (a >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return `${+n.toPrecision(3)}`;
}

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

export function LineChart({ labels, series, band, flagged = [], title, height = 240, width = 1200 }: LineChartProps) {
  const W = width;
  const H = height;
  const pad = { l: 56, r: 14, t: 12, b: 34 };
  const all = [...series.flatMap((s) => s.values), ...(band ? [...band.low, ...band.high] : [])].filter(
    (x): x is number => x !== null && Number.isFinite(x),
  );
  if (labels.length === 0 || all.length === 0) return <div className="empty-state">No points to chart.</div>;
  let lo = Math.min(0, ...all);
  let hi = Math.max(...all);
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo, 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const x = (i: number) => pad.l + (labels.length === 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (labels.length - 1));
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * (H - pad.t - pad.b);
  const path = (vals: (number | null)[]) => {
    let d = '';
    let pen = false;
    vals.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(t);
  // As many x labels as fit (about 100 viewBox units each), the last one always shown.
  const every = Math.max(1, Math.ceil(labels.length / Math.max(2, Math.floor((W - pad.l - pad.r) / 100))));
  let bandPath = '';
  if (band) {
    const up = band.high.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
    const down = band.low
      .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter(Boolean)
      .reverse();
    if (up.length && down.length) bandPath = `M${up.join('L')}L${down.join('L')}Z`;
  }
  return (
    <figure style={{ margin: 0 }}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {ticks.map((t) => (
          <g key={t}>
            <line className="axis" x1={pad.l} x2={W - pad.r} y1={y(t)} y2={y(t)} strokeDasharray={t === 0 ? undefined : '2 3'} />
            <text x={pad.l - 6} y={y(t) + 4} textAnchor="end">
              {compact(t)}
            </text>
          </g>
        ))}
        {labels.map((l, i) =>
          (i % every === 0 && labels.length - 1 - i >= every / 2) || i === labels.length - 1 ? (
            <text
              key={l + i}
              x={x(i)}
              y={H - pad.b + 16}
              textAnchor={labels.length > 1 && i === labels.length - 1 ? 'end' : i === 0 && labels.length > 1 ? 'start' : 'middle'}
            >
              {l}
            </text>
          ) : null,
        )}
        {bandPath && <path d={bandPath} fill="var(--band)" stroke="none" />}
        {series.map((s) => (
          <path key={s.name} d={path(s.values)} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} />
        ))}
        {/* Few points (e.g. one month): draw them, a line alone would be invisible. */}
        {labels.length <= 40 &&
          series.map((s) =>
            s.values.map((v, i) => (v === null ? null : <circle key={`${s.name}-${i}`} cx={x(i)} cy={y(v)} r={3.5} fill={s.color} />)),
          )}
        {flagged.map((f) => {
          const v = series[0]?.values[f.index];
          if (v === null || v === undefined) return null;
          return (
            <g key={f.index}>
              <path d={`M${x(f.index)},${y(v) - 11}l-6,10h12z`} fill="var(--flag)" />
              <title>{f.label}</title>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.name}>
            <span className="sw" style={{ background: s.color, borderTop: s.dashed ? '1px dashed' : undefined }} />
            {s.name}
          </span>
        ))}
        {band && (
          <span>
            <span className="sw" style={{ background: 'var(--band)', height: 10 }} />
            {band.label}
          </span>
        )}
        {flagged.length > 0 && <span>▲ flagged point ({flagged.length})</span>}
      </figcaption>
    </figure>
  );
}
