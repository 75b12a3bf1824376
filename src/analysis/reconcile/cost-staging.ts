/**
 * The cost side of the billing staging, as aggregates: what margin, the provider check and the
 * fraud rules read of cost lines. `__cs_alloc` (cost per SKU tag × customer tag × currency × charge
 * day: the first configured tag key present wins, SKU aliases applied, '' when untagged, which is
 * the shared cost), `__cs_provider` (lines, BilledCost and EffectiveCost per billing account ×
 * invoice × billing period × currency × charge category × class) and `__cs_regions` (BilledCost
 * per sub-account × region × charge start × currency). The file run builds the first two from
 * cost_lines and cost_tags as it goes; a warehouse pushdown (src/warehouse) computes all three
 * where the cost lines live, and the run reads them with `costStaged`.
 */
import { createTempTables } from '../../engine/ddl';
import type { Engine } from '../../engine/engine';
import { literal } from '../../engine/sql';
import type { BillingConfig } from '../../model/mappings';

export const COST_ALLOC_TABLE = '__cs_alloc';
export const COST_PROVIDER_TABLE = '__cs_provider';
export const COST_REGIONS_TABLE = '__cs_regions';

/** Column types of the aggregate tables, so a pushdown's Arrow lands in the same shape. */
export const COST_AGGREGATE_DDL = {
  [COST_ALLOC_TABLE]: 'sku VARCHAR, cust VARCHAR, currency VARCHAR, day DATE, cost DECIMAL(38,18)',
  [COST_PROVIDER_TABLE]:
    'acct VARCHAR, inv VARCHAR, bp VARCHAR, cur VARCHAR, cat VARCHAR, cls VARCHAR, n BIGINT, billed DECIMAL(38,18), eff DECIMAL(38,18)',
  [COST_REGIONS_TABLE]: 'acct VARCHAR, v VARCHAR, ts TIMESTAMP, cur VARCHAR, q DECIMAL(38,18)',
} as const;

/** Empty aggregate tables (a pushdown appends its Arrow results to them). */
export async function createCostAggregateTables(engine: Engine): Promise<void> {
  await createTempTables(engine, COST_AGGREGATE_DDL);
}

/** Where a line's cost lands in margin: EffectiveCost, else BilledCost, else 0 (the same in ClickHouse). */
export const ALLOCATED_COST = 'coalesce("EffectiveCost", "BilledCost", 0)';

/** `__cs_alloc` from cost_lines and cost_tags (the file run; needs `__rc_alias` from prepareBillingTables). */
export async function stageCostAllocation(engine: Engine, cfg: BillingConfig): Promise<void> {
  const keyList = (keys: string[]) => `[${keys.map(literal).join(', ')}]`;
  const [skuKeys, custKeys] = [keyList(cfg.costTags.sku), keyList(cfg.costTags.customer)];
  // One pass over cost_tags: the first configured key present wins, for SKU and customer alike.
  const tags = `SELECT line_id,
      arg_min(value, list_position(${skuKeys}, key)) FILTER (WHERE list_contains(${skuKeys}, key)) AS sku,
      arg_min(value, list_position(${custKeys}, key)) FILTER (WHERE list_contains(${custKeys}, key)) AS cust
    FROM cost_tags WHERE (list_contains(${skuKeys}, key) OR list_contains(${custKeys}, key)) AND value IS NOT NULL AND value <> '' GROUP BY line_id`;
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${COST_ALLOC_TABLE} AS
    SELECT coalesce(a.sku, t.sku, '') AS sku, coalesce(t.cust, '') AS cust, c.currency, CAST(c.p AS DATE) AS day, sum(c.cost) AS cost
    FROM (SELECT x_line_id, "ChargePeriodStart" AS p, "BillingCurrency" AS currency, ${ALLOCATED_COST} AS cost
          FROM cost_lines WHERE "BillingCurrency" IS NOT NULL) c
    LEFT JOIN (${tags}) t ON t.line_id = c.x_line_id
    LEFT JOIN __rc_alias a ON a.name = t.sku
    GROUP BY ALL`);
}

/** The provider check's groups from cost_lines (the file run). */
export const PROVIDER_GROUPS_SQL = `SELECT coalesce("BillingAccountId", '') AS acct, coalesce("InvoiceId", '') AS inv,
    coalesce(strftime("BillingPeriodStart", '%Y-%m'), '') AS bp, "BillingCurrency" AS cur,
    coalesce("ChargeCategory", '') AS cat, coalesce("ChargeClass", '') AS cls,
    count(*) AS n, sum(coalesce("BilledCost", 0)) AS billed, sum(coalesce("EffectiveCost", 0)) AS eff
  FROM cost_lines WHERE "BillingCurrency" IS NOT NULL GROUP BY ALL`;

/** The provider-cost rows the first-seen region rule reads: single lines for files, the staged sums for a warehouse. */
export const costRegionRowsSql = (staged: boolean): string =>
  staged
    ? `SELECT acct, v, ts, q, cur FROM ${COST_REGIONS_TABLE}`
    : `SELECT SubAccountId AS acct, RegionId AS v, ChargePeriodStart AS ts, BilledCost AS q, BillingCurrency AS cur FROM cost_lines`;
