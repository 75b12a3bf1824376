import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { UserError } from '../../../src/model/errors';
import { defaultBillingConfig } from '../../../src/model/mappings';
import { errorOf, loadText, resetTables } from './load-helpers';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => engine?.close());
beforeEach(async () => resetTables(engine));

const LAGO_FEES_HEADER =
  'invoice_lago_id,invoice_number,invoice_issuing_date,fee_lago_id,fee_item_type,fee_item_code,fee_item_name,fee_item_description,fee_item_invoice_display_name,fee_item_filter_invoice_display_name,fee_item_grouped_by,subscription_external_id,subscription_plan_code,fee_from_date_utc,fee_to_date_utc,fee_amount_currency,fee_units,fee_precise_unit_amount,fee_taxes_amount_cents,fee_total_amount_cents';

const lines = async () =>
  engine.query(
    'SELECT invoice_id, line_id, customer_id, sku, period_start, period_end, issued_at, quantity, unit_price, amount, currency, kind, x_ref_line_id FROM invoice_lines ORDER BY source_file, source_row',
  );

describe('Lago exports', () => {
  it('invoice_fees: cents to major units, taxes removed, charge -> usage', async () => {
    const csv = `${LAGO_FEES_HEADER}\ninv-1,ACME-001,2024-04-01,fee-1,charge,api_calls,API calls,,,,{},sub_acme,startup,2024-03-01T00:00:00Z,2024-03-31T23:59:59Z,USD,1000,0.0123,246,1476\ninv-2,KW-001,2024-04-01,fee-2,subscription,startup,Startup,,,,{},sub_kw,startup,2024-03-01T00:00:00Z,2024-03-31T23:59:59Z,KWD,1,12.345,0,12345\n`;
    const r = await loadText(engine, 'invoice_fees.csv', csv);
    expect(r.format).toBe('lago-invoice-fees');
    const [a, b] = await lines();
    expect(a).toMatchObject({
      invoice_id: 'ACME-001',
      line_id: 'fee-1',
      customer_id: 'sub_acme',
      sku: 'api_calls',
      quantity: '1000.000000000000000000',
      unit_price: '0.012300000000000000',
      amount: '12.300000000000000000',
      currency: 'USD',
      kind: 'usage',
      issued_at: '2024-04-01T00:00:00.000Z',
      period_end: '2024-03-31T23:59:59.000Z',
    });
    expect(b).toMatchObject({ amount: '12.345000000000000000', currency: 'KWD', kind: 'subscription' });
  });

  it('invoice_fees tolerates renamed columns (fee_amount_cents pre-tax, external_customer_id)', async () => {
    const csv =
      'invoice_number,fee_id,item_type,item_code,external_customer_id,from_date,to_date,currency,units,fee_amount_cents\nI1,f1,charge,gb,cust-1,2024-03-01,2024-03-31,JPY,3,300\n';
    const r = await loadText(engine, 'fees-renamed.csv', csv);
    expect(r.format).toBe('lago-invoice-fees');
    const [a] = await lines();
    expect(a).toMatchObject({ customer_id: 'cust-1', sku: 'gb', amount: '300.000000000000000000', currency: 'JPY' });
  });

  it('credit_note_items: negative amounts pointing at the fee they credit', async () => {
    const csv =
      'credit_note_lago_id,credit_note_number,credit_note_invoice_number,credit_note_issuing_date,credit_note_item_lago_id,credit_note_item_fee_lago_id,credit_note_item_currency,credit_note_item_amount_cents\ncn-1,CN-1,ACME-001,2024-04-10,cni-1,fee-1,USD,250\n';
    const r = await loadText(engine, 'credit_note_items.csv', csv);
    expect(r.format).toBe('lago-credit-note-items');
    const [a] = await lines();
    expect(a).toMatchObject({ amount: '-2.500000000000000000', kind: 'credit', x_ref_line_id: 'fee-1', invoice_id: 'ACME-001' });
  });

  it('invoices: one invoice_total line per invoice', async () => {
    const csv =
      'lago_id,sequential_id,issuing_date,customer_lago_id,customer_external_id,customer_name,customer_country,customer_tax_identification_number,invoice_number,invoice_type,payment_status,status,file_url,currency,fees_amount_cents,coupons_amount_cents,taxes_amount_cents,credit_notes_amount_cents,prepaid_credit_amount_cents,total_amount_cents,payment_due_date,payment_dispute_lost_at,payment_overdue\nl1,1,2024-04-01,c1,acme,Acme,US,,ACME-001,subscription,succeeded,finalized,,USD,1230,0,246,0,0,1476,2024-04-01,,false\n';
    const r = await loadText(engine, 'invoices.csv', csv);
    expect(r.format).toBe('lago-invoices');
    const [a] = await lines();
    expect(a).toMatchObject({ invoice_id: 'ACME-001', customer_id: 'acme', amount: '12.300000000000000000', kind: 'invoice_total' });
  });
});

describe('Stripe, Chargebee, Zuora', () => {
  it('balance change report: major-unit decimal strings, lower-case currency', async () => {
    const csv =
      'balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,customer_facing_amount,customer_facing_currency,customer_id,invoice_id\ntxn_1,2024-03-05 10:00:00,2024-03-07 00:00:00,usd,0.10,0.01,0.09,charge,ch_1,,0.10,usd,cus_1,in_1\ntxn_2,2024-03-06 10:00:00,2024-03-08 00:00:00,usd,0.20,0.01,0.19,charge,ch_2,,0.20,usd,cus_1,in_2\n';
    const r = await loadText(engine, 'balance.csv', csv);
    expect(r.format).toBe('stripe-balance-change');
    expect(r.totals.USD.amount).toBe('0.30');
    const [a] = await lines();
    expect(a).toMatchObject({ currency: 'USD', kind: 'payment', customer_id: 'cus_1', invoice_id: 'in_1' });
  });

  it('invoice line items JSON, old shape (price.*) and new shape (pricing.*)', async () => {
    const old = [
      {
        id: 'il_1',
        object: 'line_item',
        amount: 1500,
        currency: 'usd',
        invoice: 'in_1',
        customer: 'cus_1',
        period: { start: 1709251200, end: 1711929599 },
        price: { id: 'price_1', product: 'prod_api', lookup_key: 'api_calls', unit_amount_decimal: '1.5', recurring: { usage_type: 'metered' } },
        quantity: 1000,
        type: 'subscription',
      },
    ];
    await loadText(engine, 'lines-old.json', JSON.stringify(old));
    const neu = [
      {
        id: 'il_2',
        object: 'line_item',
        amount: 1500,
        currency: 'jpy',
        invoice: 'in_2',
        period: { start: 1709251200, end: 1711929599 },
        pricing: { type: 'price_details', price_details: { price: 'price_2', product: 'prod_gb' }, unit_amount_decimal: '15' },
        parent: { type: 'subscription_item_details' },
        quantity: 100,
      },
    ];
    const r = await loadText(engine, 'lines-new.json', JSON.stringify(neu));
    expect(r.format).toBe('stripe-invoice-line-items');
    const [b, a] = await lines(); // ordered by file name: lines-new.json first
    expect(a).toMatchObject({
      line_id: 'il_1',
      sku: 'api_calls',
      customer_id: 'cus_1',
      amount: '15.000000000000000000',
      unit_price: '0.015000000000000000',
      kind: 'usage',
      period_start: '2024-03-01T00:00:00.000Z',
    });
    expect(b).toMatchObject({
      line_id: 'il_2',
      sku: 'prod_gb',
      amount: '1500.000000000000000000',
      unit_price: '15.000000000000000000',
      currency: 'JPY',
      kind: 'subscription',
    });
  });

  it('Chargebee line items (cents) and Zuora "Object: Field" headers', async () => {
    const cb =
      'id,invoice_id,customer_id,subscription_id,date_from,date_to,unit_amount,quantity,amount,entity_type,entity_id,currency_code\nli_1,INV-1,cb_cust,sub1,1709251200,1711929599,5,200,1000,charge_item_price,api_calls-USD,USD\n';
    expect((await loadText(engine, 'cb.csv', cb)).format).toBe('chargebee-line-items');
    const zu =
      'Invoice: Invoice Number,Invoice Item: ID,Account: Account Number,Invoice Item: SKU,Invoice Item: Service Start Date,Invoice Item: Service End Date,Invoice: Invoice Date,Invoice Item: Quantity,Invoice Item: Unit Price,Invoice Item: Charge Amount,Account: Currency\nINV9,ii1,A-1,SKU-API,2024-03-01,2024-03-31,2024-04-01,10,0.5,5.00,EUR\n';
    expect((await loadText(engine, 'zuora.csv', zu)).format).toBe('zuora-invoice-items');
    const [a, b] = await lines();
    expect(a).toMatchObject({
      customer_id: 'cb_cust',
      sku: 'api_calls-USD',
      amount: '10.000000000000000000',
      unit_price: '0.050000000000000000',
      quantity: '200.000000000000000000',
    });
    expect(b).toMatchObject({ customer_id: 'A-1', sku: 'SKU-API', amount: '5.000000000000000000', currency: 'EUR', kind: 'fee' });
  });
});

describe('generic ledger CSV through a saved mapping', () => {
  it('maps any headers, minor units, default currency', async () => {
    const cfg = {
      ...defaultBillingConfig(),
      ledgerCsvMapping: {
        customer_id: 'Client',
        sku: 'Item',
        amount: 'Cents',
        quantity: 'Qty',
        period_start: 'From',
        amount_unit: 'minor',
        default_currency: 'KWD',
      },
    };
    const r = await loadText(engine, 'mine.csv', 'Client,Item,Cents,Qty,From\nk1,api,1234,2,2024-03-01\n', cfg);
    expect(r.format).toBe('ledger-csv');
    const [a] = await lines();
    expect(a).toMatchObject({
      customer_id: 'k1',
      sku: 'api',
      amount: '1.234000000000000000',
      currency: 'KWD',
      quantity: '2.000000000000000000',
      kind: 'fee',
    });
  });
});

describe('bad ledgers are rejected whole, naming row and column', () => {
  const row = (cur: string, units: string, from: string, to: string) =>
    `inv-1,I-1,2024-04-01,fee-x,charge,api,API,,,,{},sub,plan,${from},${to},${cur},${units},0.01,0,100`;
  const cases: [string, string, RegExp][] = [
    [
      'unknown currency',
      row('XYZ', '10', '2024-03-01', '2024-03-31'),
      /row 2, column "fee_amount_currency": expected an ISO 4217 currency code.*got "XYZ"/,
    ],
    ['negative quantity', row('USD', '-10', '2024-03-01', '2024-03-31'), /row 2, column "fee_units": expected a quantity of 0 or more, got "-10"/],
    [
      'period ending before it starts',
      row('USD', '10', '2024-03-31', '2024-03-01'),
      /row 2, column "fee_to_date_utc": expected a period end on or after the period start/,
    ],
  ];
  for (const [name, bad, re] of cases) {
    it(name, async () => {
      const csv = `${LAGO_FEES_HEADER}\n${row('USD', '1', '2024-03-01', '2024-03-31')}\n${bad}\n`;
      const err = await errorOf(loadText(engine, 'fees.csv', csv));
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toMatch(/^fees\.csv: /);
      expect(err.message).toMatch(re);
      const [{ n }] = await engine.query('SELECT count(*) AS n FROM invoice_lines');
      expect(n).toBe(0);
    });
  }
});

describe('price book', () => {
  it('flat, graduated tiers, free quantity, validity dates', async () => {
    const csv =
      'sku,currency,unit_price,tier_mode,tier_from,tier_to,free_quantity,valid_from,valid_to\napi_calls,USD,0.01,,,,100,2024-01-01,\nstorage_gb,USD,0.10,graduated,0,1000,,,\nstorage_gb,USD,0.05,graduated,1000,,,,\n';
    const r = await loadText(engine, 'prices.csv', csv);
    expect(r.format).toBe('price-book');
    const rows = await engine.query(
      'SELECT sku, unit_price, tier_mode, tier_from, tier_to, free_quantity, valid_from FROM price_book ORDER BY source_row',
    );
    expect(rows[0]).toMatchObject({
      sku: 'api_calls',
      tier_mode: null,
      free_quantity: '100.000000000000000000',
      valid_from: '2024-01-01T00:00:00.000Z',
    });
    expect(rows[2]).toMatchObject({ tier_mode: 'graduated', tier_from: '1000.000000000000000000', tier_to: null });
  });
});

describe('Stripe invoice lines as the API returns them (test/fixtures/cells)', () => {
  it('a null price.lookup_key falls back to price.product; a one-off item without price.recurring is a fee', async () => {
    const file = path.resolve(__dirname, '../../fixtures/cells/stripe-invoice-lines-null-lookup-key.json');
    const r = await loadText(engine, 'stripe-lines.json', readFileSync(file, 'utf8'));
    expect(r.format).toBe('stripe-invoice-line-items');
    expect(r.totals.USD.amount).toBe('154.00');
    const got = (await lines()).map((l) => ({ sku: l.sku, kind: l.kind, amount: l.amount }));
    expect(got).toEqual([
      { sku: 'api_calls', kind: 'usage', amount: '15.000000000000000000' },
      { sku: 'prod_seats', kind: 'subscription', amount: '40.000000000000000000' },
      { sku: 'prod_setup', kind: 'fee', amount: '99.000000000000000000' },
    ]);
  });
});
