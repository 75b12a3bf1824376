/**
 * Reconciliation: metered usage (deduplicated, attributed) × price book vs the ledger, per
 * customer × SKU × period × currency, plus the event-level findings behind the deltas: exact and
 * suspected duplicates, late events (received after the period's invoice was issued) and usage
 * outside any subscription period. SQL aggregates in the engine; pricing and rounding in bigint.
 * Call prepareBillingTables first (it stages the usage aggregates this reads: usage-staging.ts).
 */
import type { Engine } from '../../engine/engine';
import type { EventFinding, EventFindingCode, ReconciliationRow } from '../../model/findings';
import type { BillingConfig } from '../../model/mappings';
import { currencyExponent, formatDecimal, parseDecimal } from '../../model/money';
import { periodFormatSql } from './period';
import { EVENT_GROUP_CODES, RECONCILED_KINDS_SQL } from './usage-staging';
import { loadPriceBook, minorToString, roundHalfAway, S } from './pricing';
import { reconStatus } from './status';

export interface ReconcileStats {
  events: number;
  duplicateEvents: number;
  suspectedDuplicateEvents: number;
  unattributedEvents: number;
  lateEvents: number;
  outsideSubscriptionEvents: number;
}

export interface ReconcileResult {
  rows: ReconciliationRow[];
  findings: EventFinding[];
  stats: ReconcileStats;
}

type KeyRow = {
  cust: string;
  sku: string;
  period: string;
  pstart: string;
};
type EventGroup = KeyRow & { q: string; n: number; ids: (string | null)[]; files: string[]; rows: number[] };

/** Decimal string without trailing fractional zeros ('1000.500000' -> '1000.5'). */
export function tidy(v: string): string {
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}

const q18 = (v: unknown) => parseDecimal(v == null ? '0' : String(v), S);
const keyOf = (r: { cust: string; sku: string; period: string }) => `${r.cust}\u0000${r.sku}\u0000${r.period}`;

/** One kind of event finding's groups, from the usage aggregates (usage-staging.ts). */
async function eventGroups(engine: Engine, code: (typeof EVENT_GROUP_CODES)[number]): Promise<EventGroup[]> {
  return engine.query<EventGroup>(
    `SELECT cust, sku, period, CAST(pstart AS VARCHAR) AS pstart, q, n, ids, files, "rows" FROM __rc_ev_groups WHERE code = ? ORDER BY cust, sku, pstart`,
    [code],
  );
}

export async function reconcile(engine: Engine, cfg: BillingConfig): Promise<ReconcileResult> {
  const prices = await loadPriceBook(engine);
  const g = cfg.period;
  const at = (pstart: string) => pstart.replace(' ', 'T').slice(0, 19);

  const metered = await engine.query<KeyRow & { mq: string }>(
    `SELECT cust, sku, period, CAST(pstart AS VARCHAR) AS pstart, CAST(mq AS VARCHAR) AS mq FROM __rc_metered`,
  );
  const billedRaw = await engine.query<
    KeyRow & { currency: string; bq: string; ba: string; bup: string | null; inv: string | null; lines: string | null }
  >(
    `SELECT cust, sku, ${periodFormatSql(g, 'pstart')} AS period, CAST(pstart AS VARCHAR) AS pstart, currency, CAST(sum(quantity) AS VARCHAR) AS bq, CAST(sum(amount) AS VARCHAR) AS ba,
       CASE WHEN min(unit_price) FILTER (WHERE kind <> 'credit') = max(unit_price) FILTER (WHERE kind <> 'credit')
         THEN CAST(min(unit_price) FILTER (WHERE kind <> 'credit') AS VARCHAR) END AS bup,
       string_agg(DISTINCT invoice_id, chr(31)) AS inv, string_agg(line_id, chr(31)) AS lines
     FROM __rc_il WHERE kind IN (${RECONCILED_KINDS_SQL}) AND sku IN (SELECT sku FROM __rc_skus)
     GROUP BY cust, sku, pstart, currency`,
  );
  // Id lists travel as one string each (cheaper to convert than LIST columns on 100k rows).
  const split = (v: string | null) => (v ? v.split('\u001f') : []);
  const billed = billedRaw.map((b) => ({ ...b, inv: split(b.inv), lines: split(b.lines) }));
  const custCurrency = new Map(
    (
      await engine.query<{ cust: string; cur: string }>(
        `SELECT cust, arg_max(currency, n) AS cur FROM (SELECT cust, currency, count(*) AS n FROM __rc_il WHERE currency IS NOT NULL GROUP BY ALL) GROUP BY cust`,
      )
    ).map((r) => [r.cust, r.cur]),
  );

  // Usage nobody can be billed for (no customer, no invoice) is priced in the configured currency,
  // else the ledger's most common one.
  const [main] = await engine.query<{ cur: string | null }>(`SELECT mode(currency) AS cur FROM __rc_il WHERE currency IS NOT NULL`);
  const fallbackCurrency = cfg.defaultCurrency ?? main?.cur ?? null;
  const billedByKey = new Map<string, typeof billed>();
  for (const b of billed) billedByKey.set(keyOf(b), [...(billedByKey.get(keyOf(b)) ?? []), b]);
  const currencyFor = (k: KeyRow): string | null =>
    billedByKey.get(keyOf(k))?.[0]?.currency ?? (k.cust ? custCurrency.get(k.cust) : undefined) ?? prices.onlyCurrency(k.sku) ?? fallbackCurrency;

  const rows: ReconciliationRow[] = [];
  const meteredByKey = new Map<string, bigint>();
  const seen = new Set<string>();
  const emit = (k: KeyRow, currency: string | null, mq: bigint | null, b: (typeof billed)[number] | null) => {
    const cur = currency ?? '';
    const bq = b ? q18(b.bq) : 0n;
    const exp = currency ? currencyExponent(currency) : 0;
    const billedMinor = b ? roundHalfAway(q18(b.ba), S, exp) : 0n;
    const priced = prices.minor(k.sku, currency, at(k.pstart), mq ?? 0n);
    const qd = bq - (mq ?? 0n);
    const status = reconStatus(
      {
        customer: k.cust,
        hasUsage: mq !== null && mq > 0n,
        hasBilling: !!b,
        expectedMinor: priced?.minor ?? null,
        billedMinor,
        quantityDelta: qd,
        currency,
      },
      cfg.tolerance,
    );
    rows.push({
      customer_id: k.cust,
      sku: k.sku,
      period: k.period,
      currency: cur,
      metered_quantity: tidy(formatDecimal(mq ?? 0n, S)),
      billed_quantity: tidy(formatDecimal(bq, S)),
      quantity_delta: tidy(formatDecimal(qd, S)),
      expected_amount: priced && currency ? minorToString(priced.minor, currency) : '',
      billed_amount: currency ? minorToString(billedMinor, currency) : '',
      amount_delta: priced && currency ? minorToString(billedMinor - priced.minor, currency) : '',
      status,
      invoice_ids: b?.inv ?? [],
      line_ids: b?.lines ?? [],
      billed_unit_price: b?.bup != null ? tidy(b.bup) : null,
      expected_unit_price: priced?.unitPrice != null ? tidy(priced.unitPrice) : null,
    });
  };
  for (const m of metered) {
    const key = keyOf(m);
    const mq = q18(m.mq);
    meteredByKey.set(key, mq);
    const bs = billedByKey.get(key);
    if (m.cust !== '' && bs?.length) {
      bs.forEach((b, i) => emit(m, b.currency, i === 0 ? mq : 0n, b));
      seen.add(key);
    } else emit(m, currencyFor(m), mq, null);
  }
  for (const b of billed) if (!seen.has(keyOf(b)) && !meteredByKey.has(keyOf(b))) emit(b, b.currency, null, b);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  rows.sort((a, b) => cmp(a.customer_id, b.customer_id) || cmp(a.sku, b.sku) || cmp(a.period, b.period) || cmp(a.currency, b.currency));

  // Event-level findings, each priced at the margin: what the affected quantity is worth on top of the rest.
  const findings: EventFinding[] = [];
  const addFindings = (code: EventFindingCode, groups: EventGroup[], detail: (g: EventGroup) => string, withinMetered: boolean) => {
    for (const g of groups) {
      const currency = currencyFor(g);
      const q = q18(g.q);
      const base = meteredByKey.get(keyOf(g)) ?? 0n;
      const [lo, hi] = withinMetered ? [base - q, base] : [base, base + q];
      const a = prices.minor(g.sku, currency, at(g.pstart), hi);
      const b = prices.minor(g.sku, currency, at(g.pstart), lo < 0n ? 0n : lo);
      findings.push({
        code,
        customer_id: g.cust,
        sku: g.sku,
        period: g.period,
        currency,
        quantity: tidy(formatDecimal(q, S)),
        amount: a && b && currency ? minorToString(a.minor - b.minor, currency) : null,
        event_ids: g.ids.filter((x): x is string => x != null),
        source_rows: g.files.map((f, i) => ({ file: f, row: Number(g.rows[i]) })),
        detail: detail(g),
      });
    }
  };
  const dups = await eventGroups(engine, 'duplicate_event');
  addFindings(
    'duplicate_event',
    dups,
    (g) => `${g.n} events repeat an earlier event's source and id (exact duplicates, not counted as metered)`,
    false,
  );

  const suspects = await eventGroups(engine, 'suspected_duplicate');
  addFindings(
    'suspected_duplicate',
    suspects,
    (g) => `${g.n} events repeat the same customer, SKU and quantity within ${cfg.suspectedDuplicateWindowSeconds}s under a different id`,
    true,
  );

  const late = await eventGroups(engine, 'late_event');
  addFindings('late_event', late, (g) => `${g.n} events of this period were received after its invoice was issued`, true);

  const outside = await eventGroups(engine, 'outside_subscription');
  addFindings('outside_subscription', outside, (g) => `${g.n} events fall outside every billed period of this customer`, true);

  const [s] = await engine.query(`SELECT events, dups, unattributed FROM __rc_ev_stats`);
  const sum = (gs: { n: number }[]) => gs.reduce((t, g) => t + Number(g.n), 0);
  return {
    rows,
    findings,
    stats: {
      events: Number(s.events),
      duplicateEvents: Number(s.dups),
      suspectedDuplicateEvents: sum(suspects),
      unattributedEvents: Number(s.unattributed),
      lateEvents: sum(late),
      outsideSubscriptionEvents: sum(outside),
    },
  };
}
