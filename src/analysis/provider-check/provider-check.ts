/**
 * Provider-side check: does the cost export add up to the provider's invoice? BilledCost per
 * billing account × invoice (or billing period when the export has no InvoiceId) × currency,
 * compared with the invoice totals given in the mappings, and the gap between BilledCost and
 * EffectiveCost broken down by charge category/class (commitment purchases billed upfront and
 * amortized into EffectiveCost, credits, corrections) so the difference is explained, not just shown.
 */
import type { Engine } from '../../engine/engine';
import type { BillingConfig } from '../../model/mappings';
import { currencyExponent, formatDecimal, parseDecimal } from '../../model/money';
import { roundHalfAway, S } from '../reconcile/pricing';
import { COST_PROVIDER_TABLE, PROVIDER_GROUPS_SQL } from '../reconcile/cost-staging';

export interface ProviderBreakdown {
  charge_category: string;
  charge_class: string;
  billed_cost: string;
  effective_cost: string;
  difference: string; // billed − effective
}

export interface ProviderCheckRow {
  billing_account_id: string;
  invoice_id: string;
  billing_period: string; // 'YYYY-MM' of BillingPeriodStart
  currency: string;
  lines: number;
  billed_cost: string;
  effective_cost: string;
  billed_minus_effective: string;
  provider_invoice_total: string | null;
  /** provider invoice total − billed cost, when a total is given. */
  invoice_difference: string | null;
  status: 'matched' | 'mismatch' | 'no_invoice_total';
  breakdown: ProviderBreakdown[];
  explanation: string;
}

const WHY: Record<string, string> = {
  Purchase: 'purchases (e.g. commitments bought upfront) are billed when bought and spread into EffectiveCost over their term',
  Usage: 'usage covered by commitments carries its amortized share in EffectiveCost and 0 in BilledCost',
  Credit: 'credits reduce BilledCost when applied',
  Adjustment: 'adjustments and corrections change BilledCost of the period they are invoiced in',
  Tax: 'tax is billed but is not part of EffectiveCost in some exports',
};

export interface ProviderCheckOptions {
  /** The groups (cost-staging.ts `__cs_provider`) are already in the engine, computed where the cost lines live. */
  costStaged?: boolean;
}

export async function providerCheck(engine: Engine, cfg: BillingConfig, opts: ProviderCheckOptions = {}): Promise<ProviderCheckRow[]> {
  const staged = opts.costStaged ? `SELECT * FROM ${COST_PROVIDER_TABLE}` : PROVIDER_GROUPS_SQL;
  const base = `SELECT * FROM (${staged}) ORDER BY acct, inv, bp, cur, cat, cls`;
  const rows = await engine.query(base);
  const groups = new Map<string, ProviderCheckRow & { b: bigint; e: bigint }>();
  for (const r of rows) {
    const key = [r.acct, r.inv, r.bp, r.cur].join('\u0000');
    const exp = currencyExponent(String(r.cur));
    let g = groups.get(key);
    if (!g) {
      g = {
        billing_account_id: String(r.acct),
        invoice_id: String(r.inv),
        billing_period: String(r.bp),
        currency: String(r.cur),
        lines: 0,
        billed_cost: '',
        effective_cost: '',
        billed_minus_effective: '',
        provider_invoice_total: null,
        invoice_difference: null,
        status: 'no_invoice_total',
        breakdown: [],
        explanation: '',
        b: 0n,
        e: 0n,
      };
      groups.set(key, g);
    }
    const b = parseDecimal(String(r.billed), S);
    const e = parseDecimal(String(r.eff), S);
    g.lines += Number(r.n);
    g.b += b;
    g.e += e;
    const fmt = (v: bigint) => formatDecimal(roundHalfAway(v, S, exp), exp);
    g.breakdown.push({
      charge_category: String(r.cat),
      charge_class: String(r.cls),
      billed_cost: fmt(b),
      effective_cost: fmt(e),
      difference: fmt(b - e),
    });
  }
  const out: ProviderCheckRow[] = [];
  for (const g of groups.values()) {
    const exp = currencyExponent(g.currency);
    const billedMinor = roundHalfAway(g.b, S, exp);
    const effMinor = roundHalfAway(g.e, S, exp);
    const { b: _b, e: _e, ...row } = g;
    row.billed_cost = formatDecimal(billedMinor, exp);
    row.effective_cost = formatDecimal(effMinor, exp);
    row.billed_minus_effective = formatDecimal(billedMinor - effMinor, exp);
    const given = cfg.providerInvoices.find(
      (p) =>
        p.currency === g.currency &&
        (!p.billing_account_id || p.billing_account_id === g.billing_account_id) &&
        (p.invoice_id ? p.invoice_id === g.invoice_id : p.billing_period === g.billing_period),
    );
    if (given) {
      const total = parseDecimal(given.total, exp + 18, 'half-away');
      const totalMinor = roundHalfAway(total, exp + 18, exp);
      row.provider_invoice_total = formatDecimal(totalMinor, exp);
      row.invoice_difference = formatDecimal(totalMinor - billedMinor, exp);
      row.status = totalMinor === billedMinor ? 'matched' : 'mismatch';
    }
    const gaps = row.breakdown.filter((x) => x.difference !== formatDecimal(0n, exp));
    row.explanation =
      billedMinor === effMinor
        ? 'BilledCost equals EffectiveCost: nothing amortized or discounted after billing.'
        : `BilledCost − EffectiveCost = ${row.billed_minus_effective} ${g.currency}: ` +
          gaps
            .map(
              (x) =>
                `${x.charge_category || '(no category)'}${x.charge_class ? `/${x.charge_class}` : ''} ${x.difference}${WHY[x.charge_category] ? ` (${WHY[x.charge_category]})` : ''}`,
            )
            .join('; ');
    out.push(row);
  }
  return out;
}
