/**
 * The Overview's figures, each a query on the engine for the selected period and currency.
 * Tiles whose analysis needs files that are not loaded say which ones.
 */
import { useApp } from '../../app/store';
import { useQuery } from '../../lib/use-query';
import { formatCount, formatMoney } from '../../lib/format-money';
import { periodCondition } from '../../lib/period';

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
  const pc = periodCondition('ChargePeriodStart', period);
  const cost = useQuery<{ billed: string | null; effective: string | null; lines: number; other_lines: number; other: string | null }>(
    engine,
    `SELECT sum(BilledCost) FILTER (WHERE BillingCurrency = ?) AS billed,
            sum(EffectiveCost) FILTER (WHERE BillingCurrency = ?) AS effective,
            count(*) FILTER (WHERE BillingCurrency = ?) AS lines,
            count(*) FILTER (WHERE BillingCurrency IS DISTINCT FROM ?) AS other_lines,
            string_agg(DISTINCT coalesce(BillingCurrency, 'no currency'), ', ') FILTER (WHERE BillingCurrency IS DISTINCT FROM ?) AS other
     FROM cost_lines WHERE ${pc.sql}`,
    [currency, currency, currency, currency, currency, ...pc.params],
    version,
  );
  const c = cost.rows?.[0];
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
    missing: 'Load a cost export',
  });
  const eff = m(c?.effective);
  tiles.push({
    id: 'effective-cost',
    label: 'Provider cost (effective, after discounts)',
    value: c && c.lines > 0 ? eff!.text : null,
    negative: eff?.negative,
    unit: currency,
    missing: 'Load a cost export',
  });
  if (c && c.other_lines > 0)
    quality.push(`${formatCount(c.other_lines)} cost lines are in ${c.other} and are not included in ${currency} figures (currencies are never added).`);
  return { tiles, quality, loading: cost.loading };
}
