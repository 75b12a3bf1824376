/**
 * Unit economics on the Margin screen: each losing SKU explained in a sentence, price and cost
 * per unit over time for one SKU, and the per-unit grid per SKU (Enter: per customer of that SKU).
 */
import { useState } from 'react';
import type { Engine } from '../../../src/engine/engine';
import { DataGrid } from '../../components/DataGrid';
import type { ColumnSpec } from '../../components/cell-format';
import { Chart } from '../../components/charts/Chart';
import { useNamedQuery } from '../../lib/use-query';
import { losingSkus, unitEconomics } from '../../../src/queries/margin/unit-economics';
import { losingSkuSentence, unitAmount, unitName } from './unit-sentence';

const unitColumns = (first: ColumnSpec): ColumnSpec[] => [
  first,
  { key: 'billed_quantity', label: 'Billed units', kind: 'decimal', decimals: 2, width: 120 },
  { key: 'metered_quantity', label: 'Metered units', kind: 'decimal', decimals: 2, width: 120 },
  { key: 'unit_price', label: 'Price / unit', kind: 'decimal', decimals: 4, width: 120 },
  { key: 'unit_cost', label: 'Cost / unit', kind: 'decimal', decimals: 4, width: 120 },
  { key: 'unit_margin', label: 'Margin / unit', kind: 'decimal', decimals: 4, width: 120 },
  { key: 'currency', label: 'Currency', kind: 'text', width: 80 },
];
const SKU_COLUMNS = unitColumns({ key: 'sku', label: 'SKU', kind: 'text', width: 200 });
const CUSTOMER_COLUMNS = unitColumns({ key: 'customer_id', label: 'Customer', kind: 'text', width: 200 });

export function UnitEconomics({
  engine,
  currency,
  period,
  reporting,
  version,
}: {
  engine: Engine;
  currency: string;
  period: string;
  reporting: boolean;
  version: number;
}) {
  const losers = useNamedQuery(engine, losingSkus({ currency, reporting }), version).rows ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const sku = picked ?? losers[0]?.sku ?? null;
  const overTimeQuery = useNamedQuery(engine, unitEconomics({ currency, period: 'over-time', reporting }), version);
  const overTime = (overTimeQuery.rows ?? []).filter((r) => r.sku === sku);
  const unit = sku ? unitName(sku) : 'unit';
  return (
    <>
      <div data-testid="losing-skus">
        {losers.map((r) => {
          const s = losingSkuSentence(r);
          return s ? (
            <p key={r.sku} className="card warn" style={{ margin: '0 0 8px' }} data-testid="losing-sku">
              ▼ {s}
            </p>
          ) : null;
        })}
      </div>
      <div className="panel" style={{ marginBottom: 12 }}>
        <Chart
          title={sku ? `Price and cost per ${unit} of ${sku} per period in ${currency}` : 'Pick a SKU below'}
          categories={overTime.map((r) => r.period)}
          series={[
            { name: `Price per ${unit}`, values: overTime.map((r) => r.unit_price), colorIndex: 0 },
            { name: `Cost per ${unit}`, values: overTime.map((r) => r.unit_cost), dashed: true, colorIndex: 1 },
            { name: `Margin per ${unit}`, values: overTime.map((r) => r.unit_margin), colorIndex: 2 },
          ]}
          format={(v) => `${unitAmount(v, currency)} ${currency}`}
          height={180}
          testId="unit-chart"
          loading={overTimeQuery.loading}
        />
      </div>
      <DataGrid
        engine={engine}
        label="Unit economics by SKU"
        testId="unit-grid"
        version={version}
        height={sku ? '230px' : 'calc(100vh - 470px)'}
        columns={SKU_COLUMNS}
        defaultSort={{ key: 'unit_margin', desc: false }}
        query={unitEconomics({ currency, period, reporting })}
        onActivate={(r) => setPicked(String(r.sku))}
        emptyText="No margin rows for this period and currency."
      />
      {sku && (
        <>
          <h2>Per customer of {sku}</h2>
          <DataGrid
            engine={engine}
            label={`Unit economics by customer for ${sku}`}
            testId="unit-customer-grid"
            version={version}
            height="200px"
            columns={CUSTOMER_COLUMNS}
            defaultSort={{ key: 'unit_margin', desc: false }}
            query={unitEconomics({ currency, period: 'all', sku, reporting })}
            emptyText="No customers for this SKU in this currency."
          />
        </>
      )}
    </>
  );
}
