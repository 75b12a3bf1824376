/**
 * `finops analyze` on a charge billed without usage in a currency the price book has no entry
 * for: the reconciliation says billed_only and the run proposes crediting the whole charge, as it
 * does for a priced currency (nothing expected, so the billed amount is the gap).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';

const HEAD =
  'invoice_lago_id,invoice_number,invoice_issuing_date,fee_lago_id,fee_item_type,fee_item_code,fee_item_name,subscription_external_id,fee_from_date_utc,fee_to_date_utc,fee_amount_currency,fee_units,fee_precise_unit_amount,fee_taxes_amount_cents,fee_total_amount_cents';
const fee = (id: string, customer: string, sku: string, currency: string, units: string, unit: string, cents: number) =>
  `inv_${customer},${customer.toUpperCase()}-1,2024-04-01,${id},charge,${sku},${sku},${customer},2024-03-01T00:00:00Z,2024-03-31T23:59:59Z,${currency},${units},${unit},0,${cents}`;
const event = (id: string, customer: string, sku: string, value: string) =>
  JSON.stringify({ specversion: '1.0', id, source: 'gw', type: sku, subject: customer, time: '2024-03-05T10:00:00Z', data: { value } });

describe('finops analyze: billed without usage, currency without a price', () => {
  it('proposes a credit of the whole charge (EUR, price book in USD only) as for a priced currency (USD)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-unpriced-'));
    const file = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
    const prices = file('prices.csv', 'sku,currency,unit_price,valid_from\napi_calls,USD,0.01,2024-01-01\nstorage_gb,USD,0.10,2024-01-01\n');
    const usage = file('usage.ndjson', event('e1', 'acme', 'api_calls', '100') + '\n');
    const ledger = file(
      'fees.csv',
      [
        HEAD,
        fee('f1', 'acme', 'api_calls', 'USD', '100', '0.01', 100),
        fee('f2', 'globex', 'storage_gb', 'EUR', '120', '0.10', 1200),
        fee('f3', 'initech', 'storage_gb', 'USD', '50', '0.10', 500),
      ].join('\n') + '\n',
    );
    const out = path.join(dir, 'out');
    let err = '';
    const code = await runCli(['analyze', '--usage', usage, '--ledger', ledger, '--prices', prices, '--out', out], {
      out: () => {},
      err: (t) => (err += t),
    });
    expect(code, err).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'proposals.json'), 'utf8'));
    const list: { customer_id: string; finding_code: string; direction: string; currency: string; amount: string }[] = doc.proposals ?? doc;
    const credits = list
      .filter((p) => p.finding_code === 'billed_without_usage')
      .map((p) => [p.customer_id, p.direction, p.currency, p.amount])
      .sort();
    expect(credits).toEqual([
      ['globex', 'credit', 'EUR', '12.00'],
      ['initech', 'credit', 'USD', '5.00'],
    ]);
  });
  it('usage nobody billed, without a price book: the row says unbilled and no memo is made up (no crash)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-unpriced-'));
    const file = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
    const usage = file('usage.ndjson', [event('e1', 'acme', 'api_calls', '100'), event('e2', 'acme', 'storage_gb', '7')].join('\n') + '\n');
    const ledger = file('fees.csv', [HEAD, fee('f1', 'acme', 'api_calls', 'USD', '100', '0.01', 100)].join('\n') + '\n');
    const out = path.join(dir, 'out');
    let err = '';
    const code = await runCli(['analyze', '--usage', usage, '--ledger', ledger, '--out', out], { out: () => {}, err: (t) => (err += t) });
    expect(code, err).toBe(0);
    const recon = readFileSync(path.join(out, 'reconciliation.csv'), 'utf8');
    expect(recon).toMatch(/^acme,storage_gb,2024-03,USD,7,0,-7,,0.00,,unbilled,/m);
    expect(JSON.parse(readFileSync(path.join(out, 'proposals.json'), 'utf8')).proposals).toEqual([]);
  });
});
