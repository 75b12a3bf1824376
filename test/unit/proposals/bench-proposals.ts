/**
 * Throughput of the proposal pipeline on synthetic reconciliation rows (not part of the suite):
 *   node --import tsx test/unit/proposals/bench-proposals.ts [rows]
 */
import type { ReconciliationRow } from '../../../src/model/findings';
import { buildProposals } from '../../../src/proposals/build';
import { exportProposals, EXPORT_FORMATS } from '../../../src/proposals/exports';
import { initParquetWasmNode } from '../../../src/proposals/node-parquet-wasm';
import { emptyWorkspace, mergeAnalysis, reviewedProposals } from '../../../src/proposals/review';
import { serializeWorkspace } from '../../../src/proposals/workspace-json';

const n = Number(process.argv[2] ?? 100_000);
const statuses = ['overbilled', 'underbilled', 'unbilled', 'billed_only', 'rate_mismatch', 'matched'] as const;
const rows: ReconciliationRow[] = Array.from({ length: n }, (_, i) => {
  const status = statuses[i % statuses.length];
  const delta = status === 'matched' ? 0 : (i % 997) + 1;
  const signed = status === 'underbilled' || status === 'unbilled' ? -delta : delta;
  return {
    customer_id: `cust_${i % 5000}`,
    sku: `sku_${i % 7}`,
    period: `2024-${String((i % 12) + 1).padStart(2, '0')}`,
    currency: i % 10 === 0 ? 'JPY' : 'USD',
    metered_quantity: '100',
    billed_quantity: '100',
    quantity_delta: status === 'rate_mismatch' ? '0' : String(Math.sign(signed) * 10),
    expected_amount: '1000.00',
    billed_amount: '1000.00',
    amount_delta: i % 10 === 0 ? String(signed) : (signed / 100).toFixed(2),
    status,
    invoice_ids: [`inv_${i % 5000}`],
    line_ids: [`il_${i}`],
  };
});
const time = async <T>(label: string, fn: () => Promise<T> | T): Promise<T> => {
  const t0 = performance.now();
  const out = await fn();
  console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms`);
  return out;
};
const ps = await time(`buildProposals (${n} rows)`, () => buildProposals({ reconciliation: rows }));
console.log(`${ps.length} proposals`);
const ws = await time('mergeAnalysis', () => mergeAnalysis(emptyWorkspace(), ps, '2024-04-01T00:00:00Z').workspace);
await time('serializeWorkspace', () => serializeWorkspace(ws).length);
const reviewed = reviewedProposals(ws);
await initParquetWasmNode();
for (const f of EXPORT_FORMATS) await time(`export ${f}`, () => exportProposals(reviewed, f, { approvedOnly: false }));
