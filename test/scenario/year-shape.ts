/**
 * The shape of the twelve-month demo company (2024): growth over the year, a weekly rhythm
 * (quiet weekends), a monthly swell toward month end, a summer and a holiday dip, the mid-year
 * price change, the incident window whose usage events were dropped, the all-upfront savings plan
 * and the JPY→USD rate file. Plain numbers and dates only: generate.ts turns them into files.
 */

export const YEAR = 2024;
export const YEAR_PERIODS = Array.from({ length: 12 }, (_, m) => `${YEAR}-${String(m + 1).padStart(2, '0')}`);

/** Day 0 of the year (ms) and the number of days in a period 'YYYY-MM'. */
export const yearStart = (): number => Date.UTC(YEAR, 0, 1);
export const daysInPeriod = (p: string): number => new Date(Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)), 0)).getUTCDate();
export const periodStartMs = (p: string): number => Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)) - 1, 1);
export const periodOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);
export const nextPeriod = (p: string): string => periodOf(periodStartMs(p) + 32 * 86_400_000);

const WEEKDAY = [0.55, 1, 1.05, 1.05, 1, 0.95, 0.6]; // Sunday first

/**
 * Level of a day (ms at 00:00Z) against the year's start: +70% over the year, weekends ~40% lower,
 * a swell of ±8% over each month (busiest near its end), August and the last days of December quieter.
 */
export function dayLevel(ms: number): number {
  const d = new Date(ms);
  const dayOfYear = (ms - yearStart()) / 86_400_000;
  const growth = 1 + (0.7 * dayOfYear) / 365;
  const month = d.getUTCMonth();
  const dom = d.getUTCDate();
  const days = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  const swell = 1 + 0.08 * Math.sin(Math.PI * ((dom - 1) / (days - 1) - 0.5));
  const season = month === 7 ? 0.85 : month === 11 && dom >= 22 ? 0.75 : 1;
  return growth * WEEKDAY[d.getUTCDay()] * swell * season;
}

/** The price book's mid-year change: compute_hours costs more from 1 July. */
export const PRICE_CHANGE = { sku: 'compute_hours', from: `${YEAR}-07-01`, USD: '0.60', JPY: '90' } as const;

/** Events of this customer × SKU in [from, to) never reached the meter: not in the usage file, not billed. */
export const INCIDENT = {
  customer: 'globex',
  sku: 'api_calls',
  from: Date.UTC(YEAR, 8, 17, 0, 0, 0),
  to: Date.UTC(YEAR, 8, 18, 12, 0, 0),
} as const;

/** All-upfront savings plan: EC2 usage covered at this share of its on-demand cost, bought on 1 January. */
export const SAVINGS_PLAN = { service: 'Amazon Elastic Compute Cloud', percentOfOnDemand: 72n, purchaseDay: `${YEAR}-01-01` } as const;

/** JPY→USD rate of a day, 10 decimals: a slow slide from 0.00680 with a gentle wobble (never a float in the file). */
export function jpyUsdRate(ms: number): string {
  const dayOfYear = Math.round((ms - yearStart()) / 86_400_000);
  const micro = 6800 - Math.round((dayOfYear * 250) / 365) + Math.round(60 * Math.sin(dayOfYear / 9));
  return `0.00${String(micro).padStart(4, '0')}000`;
}
