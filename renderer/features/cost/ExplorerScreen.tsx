/**
 * The cost explorer: the shared time range and granularity, grouping by any cost column or tag
 * key (two levels), include/exclude filters, amortized or actual cost; cost over time stacked by
 * the first grouping (selected currency) above this period against the previous one per group
 * and currency. Amounts are exact decimal strings from SQL, formatted once for display.
 */
import { useMemo, useRef, useState } from 'react';
import { DataGrid } from '../../components/DataGrid';
import { useGridMemory } from '../../components/grid-memory';
import type { ColumnSpec } from '../../components/cell-format';
import { Chart, type ChartSeries } from '../../components/charts/Chart';
import { Segmented } from '../../components/Segmented';
import { setState, useApp } from '../../app/store';
import { useNamedQuery } from '../../lib/use-query';
import { formatMoney, formatPercentText } from '../../lib/format-money';
import { RangePicker } from './RangePicker';
import { SavedViews } from './SavedViews';
import { useLikelyRollups, useRollup } from './use-rollup';
import { useViewTable } from './use-view-table';
import { DimensionSelect, FilterEditor, filterText } from './DimensionControls';
import type { ExplorerView } from './explorer-view';
import { splitKeyOf, splitLevelOf, splitRulesFor, splitSeries, useSharedSplit } from './use-shared-split';
import { SPLIT_RULE_LABELS } from '../../../src/queries/cost/shared-split';
import { costByGroup, costDataDays, costOverTime, OTHER_GROUP, type CostOverTimeRow } from '../../../src/queries/cost/explore';
import { totalAlias, type GridTotalsRow } from '../../../src/queries/grid/totals';
import { exactPercent } from '../../../src/model/money';
import { costTagKeys, dimensionKey, dimensionLabel, noValueLabel, type Dimension } from '../../../src/queries/cost/dimensions';
import { bucketsOf, previousSpan, resolveRange, spanLabel, type DaySpan, type Granularity } from '../../../src/queries/cost/time-range';

const NO_DAYS = { first: null, last: null };

/** `compare`: the previous period's columns (not for "All data", which has nothing before it). */
function tableColumns(groupBy: Dimension[], split: boolean, compare: boolean): ColumnSpec[] {
  const [d1, d2] = groupBy;
  return [
    ...(d1 ? [{ key: 'group1_label', label: dimensionLabel(d1), kind: 'text' as const, width: 240 }] : []),
    ...(d2 ? [{ key: 'group2_label', label: dimensionLabel(d2), kind: 'text' as const, width: 200 }] : []),
    { key: 'cost', label: 'Cost', kind: 'money', currencyKey: 'currency', width: 140 },
    ...(split ? [{ key: 'split_cost', label: 'Split from shared', kind: 'money' as const, currencyKey: 'currency', width: 140 }] : []),
    ...(compare
      ? [
          { key: 'previous_cost', label: 'Previous period', kind: 'money' as const, currencyKey: 'currency', width: 140 },
          { key: 'delta', label: 'Change', kind: 'money' as const, currencyKey: 'currency', width: 130 },
          { key: 'delta_pct', label: 'Change %', kind: 'percent' as const, decimals: 2, width: 100 },
        ]
      : []),
    { key: 'lines', label: 'Lines', kind: 'count', width: 80 },
    { key: 'currency', label: 'Currency', kind: 'text', width: 80 },
  ];
}

function bucketLabel(b: string, g: Granularity): string {
  return g === 'month' ? b.slice(0, 7) : b;
}

/** Chart series, one per group in stacking order (largest first), over every bucket of the span. */
export function chartSeries(
  rows: CostOverTimeRow[],
  buckets: string[],
  groupBy: Dimension | null,
  kind: 'bar' | 'area',
  total: string,
): ChartSeries[] {
  const at = new Map(buckets.map((b, i) => [b, i]));
  const byRank = new Map<number, ChartSeries>();
  for (const r of rows) {
    let s = byRank.get(r.rank);
    if (!s) {
      const name = r.is_other ? OTHER_GROUP : groupBy ? (r.grp ?? noValueLabel(groupBy)) : total;
      s = { name, values: buckets.map(() => null), kind, colorIndex: r.is_other ? 7 : r.rank - 1 };
      byRank.set(r.rank, s);
    }
    const i = at.get(r.bucket);
    if (i !== undefined) s.values[i] = r.cost;
  }
  return [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

type TotalsTile = { currency: string; cost: string; previous_cost: string; delta: string; delta_pct: string | null };

/** One tile per currency from the grid's totals rows (sums of cost, previous_cost and delta by totalAlias). */
export function totalsTiles(rows: readonly GridTotalsRow[], keys: readonly string[]): TotalsTile[] {
  const sum = (r: GridTotalsRow, k: string) => String(r[totalAlias(keys.indexOf(k))] ?? '0');
  return rows
    .filter((r) => r.grid_currency !== null)
    .map((r) => {
      const [cost, previous_cost, delta] = [sum(r, 'cost'), sum(r, 'previous_cost'), sum(r, 'delta')];
      return { currency: r.grid_currency!, cost, previous_cost, delta, delta_pct: exactPercent(delta, previous_cost) };
    });
}

export function ExplorerScreen() {
  const engine = useApp((s) => s.engine);
  const version = useApp((s) => s.dataVersion);
  const currency = useApp((s) => s.currency);
  const range = useApp((s) => s.range);
  const granularity = useApp((s) => s.granularity);
  const view = useApp((s) => s.explorer);
  const setView = (patch: Partial<ExplorerView>) => setState((s) => ({ explorer: { ...s.explorer, ...patch } }));
  const [adding, setAdding] = useState(false);
  const grid = useGridMemory();

  const days = useNamedQuery(engine, costDataDays(), version).rows?.[0] ?? NO_DAYS;
  const tagKeys = (useNamedQuery(engine, costTagKeys(), version).rows ?? []).map((r) => r.key);
  const span: DaySpan | null = resolveRange(range, days);
  const previous = span ? previousSpan(range, span) : null;
  // "All data" is every day there is: the span before it holds nothing to compare with.
  const compare = range.kind !== 'all';
  // Every question below reads one daily rollup by the view's dimensions, built when they change.
  const { rollup, error: rollupError } = useRollup(engine, [...view.groupBy, ...view.filters.map((f) => f.dimension)], version);
  useLikelyRollups(
    engine,
    version,
    view.groupBy,
    view.filters.map((f) => f.dimension),
    rollup !== null,
  );
  const scope = span && previous && rollup ? { span, previous, metric: view.metric, filters: view.filters, rollup } : null;

  const billingConfig = useApp((s) => s.billingConfig);
  const split = useSharedSplit(engine, version, scope, view.groupBy, view.split ?? 'unallocated', billingConfig, granularity, currency);
  const splitting = split.table !== null || split.loading;
  // The totals tiles are the grid's totals row per currency (the same exact sums): no query of their own.
  const tableQuery =
    scope && !split.loading ? costByGroup({ ...scope, groupBy: view.groupBy, split: split.table ?? undefined, splitLevel: split.level }) : null;
  // The table's rows are computed once per view into a small table; the grid (and its totals) read that.
  const viewTable = useViewTable(engine, tableQuery, version);
  // Until the new view's table is in, the grid keeps showing the last one (it is not unmounted).
  const lastGrid = useRef<{ query: NonNullable<typeof viewTable.rows>; columns: ColumnSpec[] } | null>(null);
  const columns = tableColumns(view.groupBy, split.table !== null, compare);
  if (viewTable.rows) lastGrid.current = { query: viewTable.rows, columns };
  const gridQuery = viewTable.rows;
  const shownGrid = lastGrid.current;
  const gridKey = gridQuery && JSON.stringify([gridQuery.sql, version]);
  const [tiles, setTiles] = useState<{ for: string; rows: TotalsTile[] } | null>(null);
  const totals = tiles && tiles.for === gridKey ? tiles.rows : null;
  const tag = view.groupBy[0]?.kind === 'tag' ? view.groupBy[0] : null;
  // The allocation tag: the first grouping, or the second (each first-level group split by it).
  const splitTag = splitLevelOf(view.groupBy)?.tag ?? null;
  // Split: the chart's groups are the direct cost; the shared rest comes as split series.
  const chartFilters = splitting && tag ? [...view.filters, { dimension: tag, mode: 'exclude' as const, values: [null] }] : view.filters;
  // Grouped and not split, the chart ranks its groups from the view's table (asked once it is in);
  // otherwise (the split's chart ranks the direct cost alone) it ranks its own sums.
  const ranked = !splitting && !!view.groupBy[0];
  const chartQuery =
    scope && currency && (!ranked || viewTable.name)
      ? costOverTime({
          ...scope,
          filters: chartFilters,
          granularity,
          currency,
          groupBy: view.groupBy[0] ?? null,
          ranksFrom: ranked ? (viewTable.name ?? undefined) : undefined,
        })
      : null;
  const over = useNamedQuery(engine, chartQuery, version);
  const chartLoading = !chartQuery || over.loading;
  const buckets = useMemo(() => (span ? bucketsOf(span, granularity) : []), [span?.from, span?.to, granularity]); // eslint-disable-line react-hooks/exhaustive-deps
  const metricName = view.metric === 'amortized' ? 'Amortized cost (EffectiveCost)' : 'Actual cost (BilledCost)';
  const series = useMemo(
    () => [
      ...chartSeries(over.rows ?? [], buckets, view.groupBy[0] ?? null, view.chart, metricName),
      ...(split.chart && tag ? splitSeries(split.chart, over.rows ?? [], buckets, view.chart, noValueLabel(tag)) : []),
    ],
    [over.rows, buckets, view.groupBy, view.chart, metricName, split.chart], // eslint-disable-line react-hooks/exhaustive-deps
  );

  // The chart redraws once per change, when its figures are in: title, periods and series together.
  const chartNow = {
    title: `${metricName} per ${granularity} in ${currency}${view.groupBy[0] ? ` by ${dimensionLabel(view.groupBy[0])}` : ''}`,
    categories: buckets.map((b) => bucketLabel(b, granularity)),
    series,
    currency,
  };
  // For measurements and tests: what is shown, and whether its figures are still coming.
  const viewKey = JSON.stringify([range, span, granularity, view, currency]);
  const drawn = useRef({ ...chartNow, view: viewKey });
  if (!span || (scope && currency && !chartLoading && !split.loading)) drawn.current = { ...chartNow, view: viewKey };

  if (!engine) return <p className="muted">The engine is starting…</p>;
  const money = (v: string, c: string) => `${formatMoney(v, c).text} ${c}`;
  const setGroup = (level: number, d: Dimension | null) => {
    const next = [...view.groupBy];
    if (d) next[level] = d;
    else next.splice(level);
    // The same dimension twice says nothing more: keep one level.
    const [a, b] = next.filter(Boolean);
    setView({ groupBy: b && dimensionKey(a) === dimensionKey(b) ? [a] : next.filter(Boolean).slice(0, 2) });
  };

  return (
    <div data-testid="explorer" data-view={viewKey} data-loading={String(!scope || chartLoading || !totals || split.loading)}>
      <h1>Cost explorer</h1>
      <p className="subtitle">
        {span ? spanLabel(span) : 'No cost lines yet'} · {metricName}
        {previous && compare && <> · compared with {spanLabel(previous)}</>}
      </p>
      {rollupError && <p className="error">The explorer could not summarise the cost lines: {rollupError}</p>}
      {viewTable.error && <p className="error">The explorer could not sum the cost lines for this view: {viewTable.error}</p>}
      <SavedViews />
      <RangePicker days={days} />
      <div className="toolbar" role="group" aria-label="Grouping and cost">
        <label>
          Group by <DimensionSelect label="Group by" value={view.groupBy[0] ?? null} tagKeys={tagKeys} allowNone onChange={(d) => setGroup(0, d)} />
        </label>
        {view.groupBy[0] && (
          <label>
            then by <DimensionSelect label="Then by" value={view.groupBy[1] ?? null} tagKeys={tagKeys} allowNone onChange={(d) => setGroup(1, d)} />
          </label>
        )}
        <Segmented
          label="Cost"
          options={[
            { value: 'amortized', label: 'Amortized' },
            { value: 'actual', label: 'Actual' },
          ]}
          value={view.metric}
          onChange={(metric) => setView({ metric })}
        />
        <Segmented
          label="Chart"
          options={[
            { value: 'bar', label: 'Bars' },
            { value: 'area', label: 'Areas' },
          ]}
          value={view.chart}
          onChange={(chart) => setView({ chart })}
        />
        {splitTag && (
          <Segmented
            label="Shared cost"
            options={splitRulesFor(splitKeyOf(splitTag.key, billingConfig)).map((r) => ({ value: r, label: SPLIT_RULE_LABELS[r] }))}
            value={view.split ?? 'unallocated'}
            onChange={(split) => setView({ split })}
          />
        )}
      </div>
      <div className="toolbar chips" role="group" aria-label="Filters">
        {view.filters.map((f, i) => (
          <span key={i} className="chip" data-testid="filter-chip">
            {filterText(f)}
            <button
              type="button"
              aria-label={`Remove filter ${filterText(f)}`}
              onClick={() => setView({ filters: view.filters.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </span>
        ))}
        {!adding && (
          <button type="button" className="btn" onClick={() => setAdding(true)}>
            + Filter
          </button>
        )}
      </div>
      {adding && (
        <FilterEditor
          engine={engine}
          version={version}
          tagKeys={tagKeys}
          onCancel={() => setAdding(false)}
          onApply={(f) => {
            setView({ filters: [...view.filters, f] });
            setAdding(false);
          }}
        />
      )}
      <div className="explorer-totals" data-testid="explorer-totals">
        {(totals ?? []).map((t) => (
          <div className="tile" key={t.currency} data-currency={t.currency}>
            <div className="label">{t.currency} this period</div>
            <div className="value">{money(t.cost, t.currency)}</div>
            {compare && (
              <div className="muted tabular">
                previous {money(t.previous_cost, t.currency)} · change{' '}
                <span className={t.delta.startsWith('-') ? 'pos' : 'neg'}>
                  {money(t.delta, t.currency)} ({t.delta_pct === null ? '—' : formatPercentText(t.delta_pct).text})
                </span>
              </div>
            )}
          </div>
        ))}
        {totals?.length === 0 && <p className="muted">No cost lines in this range and these filters.</p>}
      </div>
      <div className="panel" style={{ margin: '10px 0' }}>
        <Chart
          {...drawn.current}
          format={(v) => money(v, drawn.current.currency)}
          height={220}
          testId="explorer-chart"
          drawnMark={drawn.current.view}
        />
      </div>
      {splitting && (
        <p className="muted" data-testid="split-note">
          Cost without tag {splitTag?.key} is split {SPLIT_RULE_LABELS[view.split].toLowerCase()} over its values
          {split.level === 2 && view.groupBy[0] ? ` within each ${dimensionLabel(view.groupBy[0])}` : ''}, rounded once to minor units (column “Split
          from shared”{split.level === 1 ? ', hatched in the chart' : ''}); choose Unallocated to see it on its own{' '}
          {splitTag ? noValueLabel(splitTag) : ''} row.
        </p>
      )}
      {shownGrid && (
        <DataGrid
          engine={engine}
          label="Cost by group"
          testId="explorer-grid"
          memory={grid}
          version={version}
          height={320}
          columns={shownGrid.columns}
          defaultSort={{ key: 'cost', desc: true }}
          query={shownGrid.query}
          onTotals={(rows, keys) => setTiles({ for: JSON.stringify([shownGrid.query.sql, version]), rows: totalsTiles(rows, keys) })}
          emptyText="No cost lines in this range and these filters."
        />
      )}
    </div>
  );
}
