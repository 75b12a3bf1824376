/**
 * Cost explorer engine benchmark: the 1,000,000-row cost file scripts/measure-ui.mjs opens in the
 * app (bench-data/ui-cost-N.csv, made by scripts/ui-cost-file.mjs), loaded into DuckDB-wasm (the
 * renderer's engine, single-threaded) and asked the explorer's statements one at a time: rollup
 * builds and each change's questions (tiles, chart, grid totals and first page), with wall and CPU
 * milliseconds. The engine half of what measure-ui.mjs times end to end, without the renderer.
 */
import path from 'node:path';
import { createNodeEngine } from '../../src/engine/node-engine';
import type { Engine } from '../../src/engine/engine';
import { loadLocalFile } from '../../src/ingest/node-files';
import { createAdapterRegistry } from '../../src/ingest/registry';
import { runQuery, type Query } from '../../src/queries/query';
import { costByGroup, costOverTime, type CostMetric } from '../../src/queries/cost/explore';
import type { Dimension } from '../../src/queries/cost/dimensions';
import { buildRollup, dimensionCardinalities, rollupFor, wideRollup } from '../../src/queries/cost/rollup';
import { gridPage } from '../../src/queries/grid/page';
import { gridTotals } from '../../src/queries/grid/totals';
import { generateCost } from '../ui-cost-file.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const FILE = path.resolve(import.meta.dirname, `../../bench-data/ui-cost-${ROWS}.csv`);

const col = (name: string): Dimension => ({ kind: 'column', name });
const SERVICE = col('ServiceName');
const REGION = col('RegionId');
const ACCOUNT = col('SubAccountId');
const RESOURCE = col('ResourceId');

async function timed(engine: Engine, q: Query): Promise<string> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await runQuery(engine, q);
  const c = process.cpuUsage(c0);
  return `${(performance.now() - t0).toFixed(0)} ms (cpu ${((c.user + c.system) / 1000).toFixed(0)})`;
}

export async function run(): Promise<string[]> {
  await generateCost(FILE, ROWS);
  const engine = await createNodeEngine();
  const out = [`explorer engine: ${ROWS.toLocaleString('en-US')} cost lines (${path.basename(FILE)}), DuckDB-wasm, one statement at a time`];
  try {
    await loadLocalFile(engine, FILE, { adapters: createAdapterRegistry() });
    const version = 1;
    const card = await runQuery(engine, dimensionCardinalities());
    const wide = wideRollup(card, version);
    out.push(`  wide rollup (${wide.rollup.keys.length} dimensions) from lines: ${await timed(engine, buildRollup(wide.dims, wide.rollup))}`);
    const views: { what: string; groupBy: Dimension[] }[] = [
      { what: 'service', groupBy: [SERVICE] },
      { what: 'region', groupBy: [REGION] },
      { what: 'sub-account, service', groupBy: [ACCOUNT, SERVICE] },
      { what: 'resource, service', groupBy: [RESOURCE, SERVICE] },
      { what: 'resource', groupBy: [RESOURCE] },
    ];
    const span = { from: '2024-03-01', to: '2024-03-31' };
    const previous = { from: '2024-01-31', to: '2024-03-01' };
    const metric: CostMetric = 'amortized';
    for (const v of views) {
      const r = rollupFor(v.groupBy, version);
      const fromWide = r.keys.every((k) => wide.rollup.keys.includes(k));
      const build = await timed(engine, buildRollup(v.groupBy, r, fromWide ? wide.rollup : undefined));
      const scope = { span, previous, metric, filters: [], rollup: r };
      const table = costByGroup({ ...scope, groupBy: v.groupBy });
      const parts = [
        `build ${fromWide ? 'from wide' : 'from lines'} ${build}`,
        `tiles ${await timed(engine, costByGroup({ ...scope, groupBy: [] }))}`,
        `chart ${await timed(engine, costOverTime({ ...scope, granularity: 'day', currency: 'USD', groupBy: v.groupBy[0] }))}`,
        `grid totals ${await timed(engine, gridTotals(table, { key: 'currency' }, ['cost', 'previous_cost', 'delta']))}`,
        `grid page ${await timed(engine, gridPage(table, { key: 'cost', desc: true }, 0, 100))}`,
      ];
      out.push(`  ${v.what}: ${parts.join(', ')}`);
    }
  } finally {
    await engine.close();
  }
  return out;
}
