/**
 * The cost anomaly series as a warehouse hands them over: daily BilledCost per service ×
 * currency × provider × billing account × source file (`dim` ''), and the same split once more by
 * each root-cause dimension of the plan (`dim` the dimension, `value` its value on the line: a
 * column, or `tag:<key>` for the most common tag keys, one row per tag value as the join on
 * cost_tags gives), with each group's first and last instant (what the series' coverage needs).
 * series-sql.ts reads these instead of cost lines when a run's cost was staged (src/warehouse).
 */
import { createTempTables } from '../../engine/ddl';
import type { Engine } from '../../engine/engine';
import { MAX_PROPERTY_KEYS } from './usage-series-staged';

export const COST_SERIES_TABLE = '__cs_daily';
export const COST_SERIES_KEYS_TABLE = '__cs_tag_keys';
/** Tag keys tried as root causes of a cost finding, most common first (the same budget as usage properties). */
export const MAX_TAG_KEYS = MAX_PROPERTY_KEYS;
/** The series' own key and the root causes the plan explains it by (detect-all.ts ANOMALY_PLAN), staged split by split. */
export const COST_SERIES_KEY = 'ServiceName';
export const COST_ROOT_CAUSES = ['SubAccountId', 'RegionId', 'SkuId', 'ResourceId', 'ChargeCategory'] as const;

/** Column types of the staged tables, so a pushdown's Arrow lands in the same shape. */
export const COST_SERIES_DDL = {
  [COST_SERIES_TABLE]:
    'dim VARCHAR, value VARCHAR, ServiceName VARCHAR, BillingCurrency VARCHAR, ProviderName VARCHAR, BillingAccountId VARCHAR, source_file VARCHAR, day TIMESTAMP, total DECIMAL(38,18), first_ts TIMESTAMP, last_ts TIMESTAMP',
  [COST_SERIES_KEYS_TABLE]: 'pos BIGINT, key VARCHAR',
} as const;

export async function createCostSeriesTables(engine: Engine): Promise<void> {
  await createTempTables(engine, COST_SERIES_DDL);
}

/** The staged tag keys in their rank order (`tag:<key>`). */
export async function stagedTagKeys(engine: Engine): Promise<string[]> {
  const rows = await engine.query<{ key: string }>(`SELECT key FROM ${COST_SERIES_KEYS_TABLE} ORDER BY pos`);
  return rows.map((r) => 'tag:' + r.key);
}
