/**
 * Inline SVG charts for the postmortem report: no script, no external assets, print-safe.
 * Colours are from the Okabe–Ito colour-blind-safe palette and always paired with text.
 */

export const COLORS = { credit: '#0072B2', debit: '#D55E00', actual: '#000000', expected: '#009E73', window: '#E69F00' };

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface SeriesPoint {
  t: string; // ISO timestamp
  actual: number;
  expected?: number;
}

/** Rounds an axis maximum up to 1, 2 or 5 × 10^k. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= v) ?? 10 * p;
}

const fmtNum = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(+v.toFixed(2)));

/** Line chart of actual (and expected) over time with the incident window shaded. */
export function lineChart(
  title: string,
  points: SeriesPoint[],
  window: { start: string; end: string },
  opts: { width?: number; height?: number; unit?: string } = {},
): string {
  const W = opts.width ?? 860;
  const H = opts.height ?? 260;
  const m = { l: 64, r: 16, t: 28, b: 40 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  if (points.length < 2) return `<figure class="chart"><figcaption>${esc(title)}: not enough points to chart</figcaption></figure>`;
  const ts = points.map((p) => Date.parse(p.t));
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  const yMax = niceMax(Math.max(...points.map((p) => Math.max(p.actual, p.expected ?? 0))));
  const x = (t: number) => m.l + ((t - t0) / (t1 - t0 || 1)) * pw;
  const y = (v: number) => m.t + ph - (v / yMax) * ph;
  const path = (vals: (number | undefined)[]) =>
    vals
      .map((v, i) => (v === undefined ? null : `${x(ts[i]).toFixed(1)},${y(v).toFixed(1)}`))
      .filter(Boolean)
      .map((p, i) => (i === 0 ? 'M' : 'L') + p)
      .join(' ');
  const ws = Math.max(t0, Date.parse(window.start));
  const we = Math.min(t1, Date.parse(window.end));
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);
  const days: number[] = [];
  for (let d = Math.ceil(t0 / 86400000) * 86400000; d <= t1; d += 86400000) days.push(d);
  const step = Math.max(1, Math.ceil(days.length / 10));
  const hasExpected = points.some((p) => p.expected !== undefined);
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(title)}">
${we > ws ? `<rect x="${x(ws).toFixed(1)}" y="${m.t}" width="${Math.max(2, x(we) - x(ws)).toFixed(1)}" height="${ph}" fill="${COLORS.window}" fill-opacity="0.22"/><text x="${((x(ws) + x(we)) / 2).toFixed(1)}" y="${m.t - 6}" text-anchor="middle" class="lbl">incident window</text>` : ''}
${yTicks.map((v) => `<line x1="${m.l}" x2="${W - m.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/><text x="${m.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${fmtNum(v)}</text>`).join('\n')}
${days
  .filter((_, i) => i % step === 0)
  .map(
    (d) =>
      `<line x1="${x(d).toFixed(1)}" x2="${x(d).toFixed(1)}" y1="${m.t + ph}" y2="${m.t + ph + 4}" class="axis"/><text x="${x(d).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle" class="tick">${new Date(d).toISOString().slice(5, 10)}</text>`,
  )
  .join('\n')}
<line x1="${m.l}" x2="${W - m.r}" y1="${m.t + ph}" y2="${m.t + ph}" class="axis"/>
${hasExpected ? `<path d="${path(points.map((p) => p.expected))}" fill="none" stroke="${COLORS.expected}" stroke-width="2" stroke-dasharray="6 4"/>` : ''}
<path d="${path(points.map((p) => p.actual))}" fill="none" stroke="${COLORS.actual}" stroke-width="1.6"/>
<g class="legend" transform="translate(${m.l + 8},${H - 8})"><line x1="0" x2="18" y1="-4" y2="-4" stroke="${COLORS.actual}" stroke-width="2"/><text x="24" y="0">actual${opts.unit ? ` (${esc(opts.unit)})` : ''}</text>${hasExpected ? `<line x1="130" x2="148" y1="-4" y2="-4" stroke="${COLORS.expected}" stroke-width="2" stroke-dasharray="6 4"/><text x="154" y="0">expected</text>` : ''}</g>
</svg></figure>`;
}

export interface Bar {
  label: string;
  credit: number; // display magnitudes only; exact amounts are in the tables beside the chart
  debit: number;
  creditText: string;
  debitText: string;
}

/** Horizontal bars per label: credits and debits side by side, each with its amount as text. */
export function barChart(title: string, bars: Bar[], opts: { width?: number } = {}): string {
  const W = opts.width ?? 860;
  const rowH = 34;
  const m = { l: 160, r: 170, t: 30, b: 10 };
  const H = m.t + m.b + Math.max(1, bars.length) * rowH;
  const max = niceMax(Math.max(1e-9, ...bars.flatMap((b) => [b.credit, b.debit])));
  const w = (v: number) => (v / max) * (W - m.l - m.r);
  const rows = bars
    .map((b, i) => {
      const y0 = m.t + i * rowH;
      return `<text x="${m.l - 8}" y="${y0 + 18}" text-anchor="end" class="lbl">${esc(b.label)}</text>
<rect x="${m.l}" y="${y0 + 4}" width="${w(b.credit).toFixed(1)}" height="12" fill="${COLORS.credit}"/><text x="${(m.l + w(b.credit) + 6).toFixed(1)}" y="${y0 + 14}" class="tick">${b.credit ? `credit ${esc(b.creditText)}` : ''}</text>
<rect x="${m.l}" y="${y0 + 18}" width="${w(b.debit).toFixed(1)}" height="12" fill="${COLORS.debit}"/><text x="${(m.l + w(b.debit) + 6).toFixed(1)}" y="${y0 + 28}" class="tick">${b.debit ? `debit ${esc(b.debitText)}` : ''}</text>`;
    })
    .join('\n');
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(title)}">
<g class="legend" transform="translate(${m.l},16)"><rect width="12" height="12" y="-10" fill="${COLORS.credit}"/><text x="18" y="0">credit (we owe the customer)</text><rect x="230" width="12" height="12" y="-10" fill="${COLORS.debit}"/><text x="248" y="0">debit (customer owes us)</text></g>
${rows}
</svg></figure>`;
}
