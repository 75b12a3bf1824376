/**
 * The incident postmortem: one self-contained HTML file (inline CSS and SVG, no script, no
 * external assets) for an incident window — affected customers and SKUs, money impact per
 * currency, charts, the proposals to issue and the evidence behind them. Prints to PDF.
 */
import type { AnomalyFinding, EventFinding } from '../model/findings';
import { currencyExponent, formatDecimal } from '../model/money';
import { evidenceText } from './export-rows';
import { signedMinor, totalsByCurrency, type Proposal } from './model';
import { barChart, esc, lineChart, type SeriesPoint } from './postmortem-svg';
import type { ReviewedProposal } from './review';

export interface IncidentWindow {
  start: string; // ISO
  end: string;
  label: string; // e.g. "Meter dropped events, 14 March 00:00–06:00 UTC"
}

export interface PostmortemInput {
  title: string;
  window: IncidentWindow;
  /** Shown in the header; pass it in so the same inputs give the same file. */
  generated_at: string;
  proposals: ReviewedProposal[];
  /** Only these customers / SKUs (default: every proposal the window touches). */
  customers?: string[];
  skus?: string[];
  events?: EventFinding[];
  anomalies?: AnomalyFinding[];
  series?: { title: string; unit?: string; points: SeriesPoint[] }[];
  sources?: string[];
  notes?: string;
}

/** Why a proposal is in the report: its events fall in the window, or its service period contains it. */
function matchKind(p: Proposal, w: IncidentWindow): 'window' | 'period' | null {
  const ws = Date.parse(w.start);
  const we = Date.parse(w.end);
  if (p.window_start && p.window_end) return Date.parse(p.window_start) < we && Date.parse(p.window_end) > ws ? 'window' : null;
  const m = /^(\d{4})-(\d{2})$/.exec(p.period);
  if (!m) return null;
  const ps = Date.UTC(+m[1], +m[2] - 1, 1);
  const pe = Date.UTC(+m[1], +m[2], 1);
  return ps < we && pe > ws ? 'period' : null;
}

/** 1234567.5 -> "1,234,567.50"; negatives in accounting parentheses. */
export function money(minor: bigint, currency: string): string {
  const text = formatDecimal(minor < 0n ? -minor : minor, currencyExponent(currency));
  const [i, f] = text.split('.');
  const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (f ? `.${f}` : '');
  return minor < 0n ? `(${grouped})` : grouped;
}

const cls = (minor: bigint) => (minor < 0n ? 'num neg' : 'num');
const fmtTime = (iso: string) =>
  iso
    .replace('T', ' ')
    .replace(/(\.\d+)?Z$/, '')
    .replace(/^(.{16}):00$/, '$1') + ' UTC';

interface Group {
  key: string;
  currency: string;
  credit: bigint;
  debit: bigint;
  count: number;
}

function groupTotals(ps: Proposal[], by: (p: Proposal) => string): Group[] {
  const m = new Map<string, Group>();
  for (const p of ps) {
    const k = `${by(p)}\u0000${p.currency}`;
    const g = m.get(k) ?? { key: by(p), currency: p.currency, credit: 0n, debit: 0n, count: 0 };
    if (p.direction === 'credit') g.credit += p.amount_minor;
    else g.debit += p.amount_minor;
    g.count++;
    m.set(k, g);
  }
  return [...m.values()].sort((a, b) => (a.key + a.currency < b.key + b.currency ? -1 : 1));
}

function groupTable(title: string, keyHeader: string, groups: Group[]): string {
  const body = groups
    .map((g) => {
      const net = g.debit - g.credit;
      return `<tr><td>${esc(g.key || '(no customer)')}</td><td>${g.currency}</td><td class="num">${g.count}</td><td class="num">${money(g.credit, g.currency)}</td><td class="num">${money(g.debit, g.currency)}</td><td class="${cls(net)}">${money(net, g.currency)}</td></tr>`;
    })
    .join('\n');
  return `<section><h2>${esc(title)}</h2><table><thead><tr><th>${esc(keyHeader)}</th><th>Currency</th><th class="num">Proposals</th><th class="num">Credits</th><th class="num">Debits</th><th class="num">Net (debit − credit)</th></tr></thead><tbody>${body || '<tr><td colspan="6">None</td></tr>'}</tbody></table></section>`;
}

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--credit:#0072B2;--debit:#D55E00;--neg:#B00020}
*{box-sizing:border-box}
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:24px 32px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta{color:var(--muted);margin:0 0 16px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:10px;margin:16px 0}
.kpi{border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.kpi .v{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}.kpi .k{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;font-size:12px}
td.num,th.num{text-align:right;white-space:nowrap}td.num{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace}
td.neg,.neg{color:var(--neg)}
.dir-credit{color:var(--credit);font-weight:600}.dir-debit{color:var(--debit);font-weight:600}
.small{font-size:11px;color:var(--muted)}.nowrap{white-space:nowrap}.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px}
figure.chart{margin:12px 0;break-inside:avoid}figcaption{font-weight:600;margin-bottom:4px}
svg .grid{stroke:#e5e8eb}svg .axis{stroke:#8c959f}svg text{font:11px system-ui,sans-serif;fill:#1b1f24}svg .tick{fill:#57606a}svg .lbl{font-weight:600}
ul.ev{margin:2px 0 0 0;padding-left:16px}ul.ev li{word-break:break-all}
.note{background:#fff8e1;border:1px solid #f0d68a;border-radius:6px;padding:8px 12px}
@page{size:A4 landscape;margin:12mm}
@media print{body{max-width:none;padding:0;font-size:11px}h2{break-after:avoid}tr,figure,.kpi{break-inside:avoid}thead{display:table-header-group}a{color:inherit;text-decoration:none}}
`;

export function renderPostmortem(input: PostmortemInput): string {
  const w = input.window;
  const chosen = input.proposals
    .map((r) => ({ r, match: matchKind(r.proposal, w) }))
    .filter(
      ({ r, match }) =>
        match !== null &&
        (!input.customers || input.customers.includes(r.proposal.customer_id)) &&
        (!input.skus || input.skus.includes(r.proposal.sku)),
    );
  const ps = chosen.map((c) => c.r.proposal);
  const totals = totalsByCurrency(ps);
  const customers = [...new Set(ps.map((p) => p.customer_id).filter(Boolean))]; // unattributed usage is not a customer
  const skus = [...new Set(ps.map((p) => p.sku).filter(Boolean))];
  const ws = Date.parse(w.start);
  const we = Date.parse(w.end);
  const anomalies = (input.anomalies ?? []).filter((a) => Date.parse(a.start) < we && Date.parse(a.end) >= ws);

  const kpis = [
    ['Affected customers', String(customers.length)],
    ['Affected SKUs', String(skus.length)],
    ['Proposals', `${ps.filter((p) => p.direction === 'credit').length} credit · ${ps.filter((p) => p.direction === 'debit').length} debit`],
    ...totals.map((t) => [`Net impact ${t.currency} (debit − credit)`, `${money(t.net_minor, t.currency)} ${t.currency}`]),
  ];
  const charts = [
    ...(input.series ?? []).map((s) => lineChart(s.title, s.points, w, { unit: s.unit })),
    ...totals.map((t) => {
      const groups = groupTotals(
        ps.filter((p) => p.currency === t.currency),
        (p) => p.customer_id || '(no customer)',
      );
      const e = 10 ** currencyExponent(t.currency);
      return barChart(
        `Money impact per customer, ${t.currency}`,
        groups.map((g) => ({
          label: g.key,
          // Bar lengths only; every amount shown as text comes from exact minor units.
          credit: Number(g.credit) / e,
          debit: Number(g.debit) / e,
          creditText: `${money(g.credit, t.currency)} ${t.currency}`,
          debitText: `${money(g.debit, t.currency)} ${t.currency}`,
        })),
      );
    }),
  ];
  const proposalRows = chosen
    .map(({ r, match }) => {
      const p = r.proposal;
      return `<tr><td class="id">${esc(p.proposal_id)}</td><td>${esc(r.state)}${r.edited ? ' (edited)' : ''}</td><td class="dir-${p.direction}">${p.direction}</td><td>${esc(p.customer_id || '(no customer)')}</td><td>${esc(p.sku)}</td><td class="nowrap">${esc(p.period)}</td><td class="${cls(signedMinor(p))}">${money(signedMinor(p), p.currency)}</td><td>${p.currency}</td><td>${esc(p.finding_code)}<div class="small">Stripe ${esc(p.reason_stripe ?? '—')} · Lago ${esc(p.reason_lago ?? '—')}</div></td><td class="num">${p.confidence.toFixed(2)}</td><td>${esc(p.memo)}<div class="small">matched by ${match === 'window' ? 'event time in window' : 'service period containing the window'}</div></td></tr>`;
    })
    .join('\n');
  const evidence = chosen
    .map(({ r }) => {
      const p = r.proposal;
      const refs = p.evidence
        .slice(0, 25)
        .map((e) => `<li>${esc(evidenceText([e]))}</li>`)
        .join('');
      const more = p.evidence.length > 25 ? `<li>… ${p.evidence.length - 25} more</li>` : '';
      return `<tr><td class="id">${esc(p.proposal_id)}</td><td><ul class="ev">${refs}${more}</ul></td></tr>`;
    })
    .join('\n');
  const eventRows = (input.events ?? [])
    .filter((e) => (!input.customers || input.customers.includes(e.customer_id)) && (!input.skus || input.skus.includes(e.sku)))
    .map(
      (e) =>
        `<tr><td>${esc(e.code)}</td><td>${esc(e.customer_id)}</td><td>${esc(e.sku)}</td><td class="num">${esc(e.quantity)}</td><td class="num">${esc(e.amount ?? '')}</td><td>${esc(e.detail)}<div class="small">${esc(
          e.source_rows
            .slice(0, 10)
            .map((s) => `${s.file}#${s.row}`)
            .join(', '),
        )}</div></td></tr>`,
    )
    .join('\n');
  const anomalyRows = anomalies
    .map(
      (a) =>
        `<tr><td>${esc(a.series_key)}</td><td>${esc(fmtTime(a.start))} – ${esc(fmtTime(a.end))}</td><td class="num">${a.actual}</td><td class="num">${a.expected}</td><td class="num">${esc(a.impact ?? '')} ${esc(a.currency ?? '')}</td><td>${esc(a.method)} (score ${a.score})</td><td>${esc(a.explanation)}</td></tr>`,
    )
    .join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(input.title)}</title><style>${CSS}</style></head>
<body>
<header><h1>${esc(input.title)}</h1>
<p class="meta">Incident window <strong>${esc(fmtTime(w.start))} – ${esc(fmtTime(w.end))}</strong> · ${esc(w.label)}<br>Generated ${esc(fmtTime(input.generated_at))}${input.sources?.length ? ` from ${esc(input.sources.join(', '))}` : ''}</p></header>
${input.notes ? `<p class="note">${esc(input.notes)}</p>` : ''}
<section class="kpis">${kpis.map(([k, v]) => `<div class="kpi"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div></div>`).join('')}</section>
<section><h2>Money impact per currency</h2><table><thead><tr><th>Currency</th><th class="num">Credits</th><th class="num">Credit total</th><th class="num">Debits</th><th class="num">Debit total</th><th class="num">Net (debit − credit)</th></tr></thead><tbody>
${totals.map((t) => `<tr><td>${t.currency}</td><td class="num">${t.credit_count}</td><td class="num">${money(t.credit_minor, t.currency)}</td><td class="num">${t.debit_count}</td><td class="num">${money(t.debit_minor, t.currency)}</td><td class="${cls(t.net_minor)}">${money(t.net_minor, t.currency)}</td></tr>`).join('\n') || '<tr><td colspan="6">No money impact found for this window.</td></tr>'}
</tbody></table><p class="small">Currencies are never added together. Debits are one-off invoice items naming the original service period; credits are credit notes against the invoice they correct.</p></section>
<section><h2>Charts</h2>${charts.join('\n') || '<p>No series supplied.</p>'}</section>
${groupTable(
  'Affected customers',
  'Customer',
  groupTotals(ps, (p) => p.customer_id),
)}
${groupTable(
  'Affected SKUs',
  'SKU',
  groupTotals(ps, (p) => p.sku),
)}
<section><h2>Proposals</h2><table><thead><tr><th>Proposal</th><th>State</th><th>Direction</th><th>Customer</th><th>SKU</th><th>Period</th><th class="num">Amount</th><th>Cur.</th><th>Finding / reasons</th><th class="num">Conf.</th><th>Memo</th></tr></thead><tbody>
${proposalRows || '<tr><td colspan="11">No proposals for this window.</td></tr>'}
</tbody></table><p class="small">Amounts signed from the company's side: debit positive, credit in parentheses.</p></section>
${anomalyRows ? `<section><h2>Anomalies in the window</h2><table><thead><tr><th>Series</th><th>When</th><th class="num">Actual</th><th class="num">Expected</th><th class="num">Impact</th><th>Method</th><th>Explanation</th></tr></thead><tbody>${anomalyRows}</tbody></table></section>` : ''}
${eventRows ? `<section><h2>Event findings</h2><table><thead><tr><th>Finding</th><th>Customer</th><th>SKU</th><th class="num">Quantity</th><th class="num">Amount</th><th>Detail / source rows</th></tr></thead><tbody>${eventRows}</tbody></table></section>` : ''}
<section><h2>Evidence</h2><table><thead><tr><th>Proposal</th><th>Source rows and findings</th></tr></thead><tbody>${evidence || '<tr><td colspan="2">None</td></tr>'}</tbody></table></section>
</body></html>
`;
}
