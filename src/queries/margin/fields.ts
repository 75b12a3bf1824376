/** The margin figures every margin grid shows, read from the margin result table. */
import { literal } from '../../engine/sql';

/** Text beside a negative margin, so meaning never rests on colour alone. */
export const NEGATIVE_FLAG = '▼ negative';

export const MARGIN_FIELDS = `revenue, cost, margin, margin_pct, CASE WHEN negative_margin THEN ${literal(NEGATIVE_FLAG)} ELSE '' END AS flag,
  billed_quantity, metered_quantity, currency, negative_margin`;

export type MarginFields = {
  revenue: string | null;
  cost: string | null;
  margin: string | null;
  /** DECIMAL(38,2), null when there is no revenue. */
  margin_pct: string | null;
  /** NEGATIVE_FLAG or ''. */
  flag: string;
  billed_quantity: string | null;
  metered_quantity: string | null;
  currency: string;
  negative_margin: boolean;
};
