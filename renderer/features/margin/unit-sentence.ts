/**
 * Unit economics in words: why a losing SKU loses ("2.72 USD of cost per minute sold at 0.90 USD"),
 * from the exact per-unit strings (formatted, never through a float).
 */
import { currencyDecimals, formatDecimalText } from '../../lib/format-money';

/** The unit a SKU is counted in, from its name: gpu_minutes → minute, storage_gb → GB, else "unit". */
export function unitName(sku: string): string {
  const last =
    sku
      .split(/[_\-.\s]/)
      .filter(Boolean)
      .pop() ?? '';
  if (/^[a-z]{1,3}$/i.test(last) && !/s$/i.test(last)) return last.toUpperCase();
  if (/^[a-z]+s$/i.test(last) && last.length > 3) return last.slice(0, -1).toLowerCase();
  return 'unit';
}

/** A per-unit amount: the currency's minor units, or 4 decimals below 0.1 (0.002 stays legible). */
export function unitAmount(value: string, currency: string): string {
  const small = /^-?0\.0/.test(value.trim());
  return formatDecimalText(value, small ? Math.max(4, currencyDecimals(currency)) : currencyDecimals(currency), { accounting: false }).text;
}

export interface UnitFigures {
  sku: string;
  currency: string;
  unit_price: string | null;
  unit_cost: string | null;
  unit_margin: string | null;
}

/** "gpu_minutes: 2.72 USD of cost per minute sold at 0.90 USD, −1.82 USD per minute." (null without both figures). */
export function losingSkuSentence(r: UnitFigures): string | null {
  if (r.unit_price === null || r.unit_cost === null || r.unit_margin === null) return null;
  const unit = unitName(r.sku);
  const c = r.currency;
  return `${r.sku}: ${unitAmount(r.unit_cost, c)} ${c} of cost per ${unit} sold at ${unitAmount(r.unit_price, c)} ${c}, ${unitAmount(r.unit_margin, c)} ${c} per ${unit}.`;
}
