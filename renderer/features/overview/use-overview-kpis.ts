/**
 * The Overview's figures, each a query on the engine for the selected period and currency.
 * Tiles whose analysis needs files that are not loaded say which ones.
 */
import { useApp } from '../../app/store';
import { useAnalysed } from '../../app/RunStatus';
import { useNamedQuery } from '../../lib/use-query';
import { useCostTotals } from '../../lib/use-cost-totals';
import { formatCount, formatMoney, formatPercent } from '../../lib/format-money';
import { formatMinor } from '../../../src/model/money';
import { totalsByCurrency } from '../../../src/proposals/model';
import { reviewedProposals } from '../../../src/proposals/review';
import { overviewMargin, overviewReconciliation, overviewUsage } from '../../../src/queries/overview/kpis';
import { overviewCoverage } from '../../../src/queries/overview/coverage';
import { coverageText, type CoverageAsk } from './coverage-text';

export interface TileData {
  id: string;
  label: string;
  value: string | null;
  negative?: boolean;
  unit?: string;
  note?: string;
  missing?: string;
}

export function useOverviewKpis(): { tiles: TileData[]; quality: string[]; loading: boolean } {
  const engine = useApp((s) => s.engine);
  const version = useApp((s) => s.dataVersion);
  const period = useApp((s) => s.period);
  const currency = useApp((s) => s.currency);
  const cost = useCostTotals(engine, currency, period, version);
  const av = useApp((s) => s.analysisVersion);
  const analysis = useApp((s) => s.analysis);
  const review = useApp((s) => s.review);
  // The analysis_* tables exist once the first analysis run has written them.
  const analysed = useAnalysed();
  const marginQ = useNamedQuery(engine, analysed ? overviewMargin({ currency, period }) : null, av);
  const reconQ = useNamedQuery(engine, analysed ? overviewReconciliation({ currency, period }) : null, av);
  const usageQ = useNamedQuery(engine, overviewUsage({ period }), version);
  const coverageQ = useNamedQuery(engine, overviewCoverage(), version);
  // An empty tile says where the loaded data is when it is outside the period or currency.
  const elsewhere = (ask: Omit<CoverageAsk, 'period' | 'currency'>, cur: string | null = currency) =>
    coverageText(coverageQ.rows ?? [], { ...ask, period, currency: cur });
  const costElsewhere = elsewhere({ source: 'cost', noun: 'cost', label: 'cost' });
  const revenueElsewhere = elsewhere({ source: 'ledger', noun: 'revenue', label: 'ledger' });
  const c = cost.rows?.[0];
  const mg = marginQ.rows?.[0];
  const rc = reconQ.rows?.[0];
  const us = usageQ.rows?.[0];
  const tiles: TileData[] = [];
  const quality: string[] = [];
  const m = (v: string | null | undefined) => (v == null ? null : formatMoney(v, currency));
  const billed = m(c?.billed);
  tiles.push({
    id: 'provider-cost',
    label: 'Provider cost (billed)',
    value: c && c.lines > 0 ? billed!.text : null,
    negative: billed?.negative,
    unit: currency,
    note: c ? `${formatCount(c.lines)} cost lines` : undefined,
    missing: costElsewhere ?? 'Load a cost export',
  });
  const eff = m(c?.effective);
  tiles.push({
    id: 'effective-cost',
    label: 'Provider cost (effective, after discounts)',
    value: c && c.lines > 0 ? eff!.text : null,
    negative: eff?.negative,
    unit: currency,
    missing: costElsewhere ?? 'Load a cost export',
  });
  const hasMargin = !!mg && mg.n > 0;
  const rev = m(mg?.revenue);
  tiles.unshift({
    id: 'revenue',
    label: 'Revenue (ledger)',
    value: hasMargin && mg.revenue !== null ? rev!.text : null,
    negative: rev?.negative,
    unit: currency,
    note: hasMargin ? 'invoiced fees and usage, excl. tax' : undefined,
    missing: revenueElsewhere ?? 'Load invoices / a ledger',
  });
  const pct = hasMargin && mg.revenue && mg.margin ? formatPercent(mg.margin, mg.revenue) : null;
  const mgn = m(mg?.margin);
  tiles.push({
    id: 'margin-pct',
    label: 'Margin % (revenue − allocated cost)',
    value: pct,
    negative: pct?.startsWith('−'),
    note: hasMargin && mgn ? `margin ${mgn.text} ${currency}` : undefined,
    missing: hasMargin ? 'No revenue in this period' : (revenueElsewhere ?? costElsewhere ?? 'Needs a ledger and a cost export'),
  });
  const delta = m(rc?.delta);
  tiles.push({
    id: 'recon-delta',
    label: 'Reconciliation delta (billed − expected)',
    value: rc && rc.n > 0 ? delta!.text : null,
    negative: delta?.negative,
    unit: currency,
    note: rc && rc.n > 0 ? `${formatCount(rc.off)} of ${formatCount(rc.n)} rows off` : undefined,
    missing:
      elsewhere({ source: 'ledger', noun: 'invoices', label: 'ledger' }) ??
      elsewhere({ source: 'usage', noun: 'usage', label: 'usage' }, null) ??
      'Needs usage, prices and invoices',
  });
  tiles.push({
    id: 'unattributed',
    label: 'Unattributed usage (events without a customer)',
    value: us && us.n > 0 ? formatPercent(String(us.un), String(us.n)) : null,
    note: us && us.n > 0 ? `${formatCount(us.un)} of ${formatCount(us.n)} events` : undefined,
    missing: elsewhere({ source: 'usage', noun: 'usage', label: 'usage' }, null) ?? 'Load usage events',
  });
  const anomalies = analysis?.anomalies;
  tiles.push({
    id: 'anomalies',
    label: 'Open anomalies',
    value: anomalies ? formatCount(anomalies.length) : null,
    note: anomalies ? 'cost and usage series, all periods' : undefined,
    missing: analysis ? 'Anomaly detection failed (see below)' : 'Analysing…',
  });
  const inScope = (p: { currency: string; period: string }) => p.currency === currency && (period === 'all' || p.period === period);
  const reviewed = review ? reviewedProposals(review).filter((r) => r.state !== 'rejected' && inScope(r.proposal)) : [];
  const [pt] = totalsByCurrency(reviewed.map((r) => r.proposal));
  for (const [id, label, minor, count] of [
    ['credits', 'Proposed credits', pt?.credit_minor, pt?.credit_count],
    ['debits', 'Proposed debits', pt?.debit_minor, pt?.debit_count],
  ] as const) {
    tiles.push({
      id,
      label,
      value: minor !== undefined ? formatMoney(formatMinor(minor, currency), currency).text : review ? formatMoney('0', currency).text : null,
      unit: currency,
      note: count !== undefined ? `${formatCount(count)} memo lines${period === 'all' ? '' : ` for ${period}`}` : undefined,
      missing: 'No proposals yet',
    });
  }
  if (mg?.unallocated && formatMoney(mg.unallocated, currency).text !== '0.00')
    quality.push(
      `${formatMoney(mg.unallocated, currency).text} ${currency} of provider cost carries no SKU tag and is shown as “(unallocated)” in Margin.`,
    );
  if (us && us.un > 0) quality.push(`${formatCount(us.un)} usage events have no customer id (unattributed) and cannot be billed as they are.`);
  if (analysis) for (const [name, msg] of Object.entries(analysis.errors)) quality.push(`The ${name} analysis failed: ${msg}`);
  if (c && c.other_lines > 0)
    quality.push(
      `${formatCount(c.other_lines)} cost lines are in ${c.other} and are not included in ${currency} figures (currencies are never added).`,
    );
  return { tiles, quality, loading: cost.loading || marginQ.loading || reconQ.loading || usageQ.loading || coverageQ.loading };
}
