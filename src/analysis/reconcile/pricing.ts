/**
 * Exact pricing of a metered quantity against the price book: flat (with a free quantity),
 * graduated tiers (each slice at its tier's price) and volume tiers (the whole quantity at the
 * price of the tier it falls in). Bigint fixed-point throughout; the result is rounded once, to
 * the currency's minor unit, half away from zero.
 */
import type { Engine } from '../../engine/engine';
import { currencyExponent, formatDecimal, parseDecimal } from '../../model/money';

/** Scale of quantities and unit prices in bigint fixed point (DECIMAL(38,18) in the engine). */
export const S = 18;

export interface PriceRow {
  sku: string;
  currency: string;
  unit_price: string;
  tier_mode: 'graduated' | 'volume' | null;
  tier_from: string | null;
  tier_to: string | null;
  free_quantity: string | null;
  valid_from: string | null;
  valid_to: string | null;
}

export interface Priced {
  /** Exact amount at scale 2·S (quantity × price, no rounding yet). */
  exact: bigint;
  /** Rounded once to the currency's minor units. */
  minor: bigint;
  /** The unit price when one price applies to every unit (flat / volume), else null. */
  unitPrice: string | null;
}

const d = (s: string | null, dflt = 0n) => (s === null || s === '' ? dflt : parseDecimal(s, S));

/** Rounds a value at `scale` decimals to `exponent` decimals, half away from zero. */
export function roundHalfAway(v: bigint, scale: number, exponent: number): bigint {
  if (exponent >= scale) return v * 10n ** BigInt(exponent - scale);
  const div = 10n ** BigInt(scale - exponent);
  const neg = v < 0n;
  const a = neg ? -v : v;
  let q = a / div;
  if ((a % div) * 2n >= div) q += 1n;
  return neg ? -q : q;
}

/**
 * The price rows valid at `at` (the period start: ISO timestamp, or a bare date where the engine
 * truncated the month to a DATE, as the wasm build does), compared as 'YYYY-MM-DDTHH:MM:SS'.
 */
export function validAt(rows: readonly PriceRow[], at: string): PriceRow[] {
  const t = at.length === 10 ? `${at}T00:00:00` : at.replace(' ', 'T').slice(0, 19);
  return rows.filter((r) => (!r.valid_from || r.valid_from <= t) && (!r.valid_to || r.valid_to > t));
}

/** Prices `quantity` (decimal string) with the rows of one SKU × currency; null if none apply. */
export function priceQuantity(quantity: string, rows: readonly PriceRow[], currency: string): Priced | null {
  if (rows.length === 0) return null;
  const exp = currencyExponent(currency);
  const q = d(quantity);
  const tiered = rows.filter((r) => r.tier_mode);
  let exact = 0n;
  let unitPrice: string | null = null;
  if (tiered.length === 0) {
    // Flat: the most recently started row wins if several overlap.
    const r = [...rows].sort((a, b) => (b.valid_from ?? '').localeCompare(a.valid_from ?? ''))[0];
    const billable = q - d(r.free_quantity);
    exact = (billable > 0n ? billable : 0n) * d(r.unit_price);
    unitPrice = r.unit_price;
  } else {
    const free = tiered.reduce((m, r) => (d(r.free_quantity) > m ? d(r.free_quantity) : m), 0n);
    const billable = q - free > 0n ? q - free : 0n;
    const tiers = [...tiered].sort((a, b) => (d(a.tier_from) < d(b.tier_from) ? -1 : 1));
    if (tiers[0].tier_mode === 'volume') {
      const t = tiers.find((r) => d(r.tier_from) <= billable && (r.tier_to === null || billable < d(r.tier_to))) ?? tiers[tiers.length - 1];
      exact = billable * d(t.unit_price);
      unitPrice = t.unit_price;
    } else {
      for (const t of tiers) {
        const from = d(t.tier_from);
        const to = t.tier_to === null ? billable : d(t.tier_to) < billable ? d(t.tier_to) : billable;
        if (to > from) exact += (to - from) * d(t.unit_price);
      }
    }
  }
  return { exact, minor: roundHalfAway(exact, 2 * S, exp), unitPrice };
}

/** Minor units -> decimal string in the currency's exponent. */
export function minorToString(minor: bigint, currency: string): string {
  return formatDecimal(minor, currencyExponent(currency));
}

/** The staged price book (SKU aliases applied), by SKU. */
export class PriceBook {
  private bySku = new Map<string, PriceRow[]>();
  constructor(rows: PriceRow[]) {
    for (const r of rows) this.bySku.set(r.sku, [...(this.bySku.get(r.sku) ?? []), r]);
  }
  rows(sku: string, currency: string, at: string): PriceRow[] {
    return validAt(
      (this.bySku.get(sku) ?? []).filter((r) => r.currency === currency),
      at,
    );
  }
  /** The SKU's currency when the price book has exactly one. */
  onlyCurrency(sku: string): string | null {
    const set = new Set((this.bySku.get(sku) ?? []).map((r) => r.currency));
    return set.size === 1 ? [...set][0] : null;
  }
  /** Minor units for a quantity, or null when unpriced. */
  minor(sku: string, currency: string | null, at: string, quantity: bigint): { minor: bigint; unitPrice: string | null } | null {
    if (!currency) return null;
    const p = priceQuantity(formatDecimal(quantity, S), this.rows(sku, currency, at), currency);
    return p ? { minor: p.minor, unitPrice: p.unitPrice } : null;
  }
}
/** Reads the staged price book (`__rc_pb`, built by prepareBillingTables). */
export async function loadPriceBook(engine: Engine): Promise<PriceBook> {
  return new PriceBook(
    (await engine.query(
      `SELECT sku, currency, CAST(unit_price AS VARCHAR) AS unit_price, tier_mode, CAST(tier_from AS VARCHAR) AS tier_from,
        CAST(tier_to AS VARCHAR) AS tier_to, CAST(free_quantity AS VARCHAR) AS free_quantity,
        strftime(valid_from, '%Y-%m-%dT%H:%M:%S') AS valid_from, strftime(valid_to, '%Y-%m-%dT%H:%M:%S') AS valid_to FROM __rc_pb`,
    )) as unknown as PriceRow[],
  );
}
