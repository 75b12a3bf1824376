/**
 * Writes the fault corpus (test/faults/files): small hostile or awkward inputs for every cost and
 * billing layout. Run once with `npx tsx test/faults/make-corpus.ts`; the files are committed and
 * their expected outcomes are in manifest.json (checked by test/unit/ingest/fault-corpus.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/esm';
import { arrow } from '../../src/engine/arrow';
import { initParquetNode } from '../../src/ingest/node-parquet';

const DIR = path.join(import.meta.dirname, 'files');
const files: Record<string, string | Uint8Array> = {};

const FOCUS = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ProviderName';
const focusRow = (cost: string, cur = 'USD', start = '2024-09-01T00:00:00Z', service = 'Compute') =>
  `${cost},${cost},${cur},${start},2024-09-02T00:00:00Z,Usage,${service},Acme`;
const focus = (...rows: string[]) => [FOCUS, ...rows].join('\n') + '\n';
const ok2 = focus(focusRow('1.25'), focusRow('2.50'));

// FOCUS CSV: encodings, structure, cells.
files['focus-ok.csv'] = ok2;
files['focus-bom.csv'] = '\ufeff' + ok2;
files['focus-utf16le.csv'] = Uint8Array.from([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...ok2].map((c) => c.charCodeAt(0))).buffer)]);
files['focus-crlf.csv'] = ok2.replace(/\n/g, '\r\n');
files['focus-empty.csv'] = '';
files['focus-header-only.csv'] = FOCUS + '\n';
files['focus-truncated.csv'] = ok2 + focusRow('3.75').slice(0, 20);
files['focus-duplicate-header.csv'] = focus().replace('ServiceName', 'BilledCost') + focusRow('1');
files['focus-unclosed-quote.csv'] = focus(focusRow('1'), focusRow('2', 'USD', '2024-09-01T00:00:00Z', '"Compute'));
files['focus-lower-currency.csv'] = focus(focusRow('1.25', 'usd'), focusRow('2.50', 'USD'), focusRow('1', 'Eur'));
files['focus-blank-currency.csv'] = focus(focusRow('1.25'), focusRow('2.50', ''));
files['focus-xxx1-currency.csv'] = focus(focusRow('1.25', 'XXX1'));
files['focus-huge-amount.csv'] = focus(focusRow('90000000000000000000'), focusRow('90000000000000000000'));
files['focus-max-amount.csv'] = focus(
  focusRow('999999999999999.999999999999999999'),
  focusRow('-999999999999999.999999999999999999'),
  focusRow('0.5'),
);
files['focus-19-decimals.csv'] = focus(focusRow('0.0000000000000000013'));
files['focus-scientific.csv'] = focus(focusRow('6.65679E-09'), focusRow('1e2'));
files['focus-negative-zero.csv'] = focus(focusRow('-0'), focusRow('-0.00'), focusRow('-0e5'));
files['focus-nan.csv'] = focus(focusRow('1'), focusRow('NaN'));
files['focus-infinity.csv'] = focus(focusRow('Infinity'));
files['focus-thousands-separator.csv'] = focus(focusRow('"1,234.56"'));
files['focus-underscore-separator.csv'] = focus(focusRow('1_000.50'));
files['focus-year-10000.csv'] = focus(focusRow('1', 'USD', '10000-01-01T00:00:00Z'));
files['focus-feb-30.csv'] = focus(focusRow('1', 'USD', '2024-02-30T00:00:00Z'));
files['focus-text-in-amount.csv'] = focus(focusRow('1'), focusRow('2'), focusRow('three'));
files['focus-formula-injection.csv'] = focus(
  focusRow('1', 'USD', '2024-09-01T00:00:00Z', `"=HYPERLINK(""http://x"",""y"")"`),
  focusRow('2', 'USD', '2024-09-01T00:00:00Z', '@SUM(A1)'),
);
files['focus-latin1.csv'] = Uint8Array.from([
  ...new TextEncoder().encode(focus(focusRow('1'))),
  ...new TextEncoder().encode('1,1,USD,2024-09-01T00:00:00Z,2024-09-02T00:00:00Z,Usage,Caf'),
  0xe9,
  0x0a,
]);
files['focus-binary.csv'] = Uint8Array.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x42, 0x00, 0x00, 0x7f, 0x00, 0x00]);
files['focus-extra-field.csv'] = focus(focusRow('1'), focusRow('2') + ',extra');
files['focus-semicolon.csv'] = focus(focusRow('1')).replace(/,/g, ';');
files['focus-missing-column.csv'] =
  'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName\n1,USD,2024-09-01T00:00:00Z,2024-09-02T00:00:00Z,Usage,Compute\n';
files['focus-quoted-newline.csv'] = focus(focusRow('1', 'USD', '2024-09-01T00:00:00Z', '"Compute\nEngine"'), focusRow('2'));
files['focus-null-strings.csv'] = focus(focusRow('1', 'USD', '2024-09-01T00:00:00Z', 'NULL'), focusRow('2', 'USD', '2024-09-01T00:00:00Z', 'null'));
files['focus-edge-spaces.csv'] = focus(focusRow('" 1.5 "'), focusRow('+2.25'));
files['focus-lone-dot.csv'] = focus(focusRow('.'));
files['focus-blank-lines.csv'] = '\n\n\n';
files['focus-no-final-newline.csv'] = ok2.trimEnd();
files['focus-mixed-line-ends.csv'] = FOCUS + '\r\n' + focusRow('1') + '\n' + focusRow('2') + '\r\n';
files['focus-unicode-text.csv'] = focus(
  focusRow('1', 'JPY', '2024-09-01T00:00:00Z', '計算 🚀'),
  focusRow('3', 'KWD', '2024-09-01T00:00:00Z', 'حساب'),
);

// FOCUS JSON and JSON lines.
const rec = (cost: string | number, cur = 'USD', extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    BilledCost: cost,
    EffectiveCost: cost,
    BillingCurrency: cur,
    ChargePeriodStart: '2024-09-01T00:00:00Z',
    ChargePeriodEnd: '2024-09-02T00:00:00Z',
    ChargeCategory: 'Usage',
    ServiceName: 'Compute',
    ProviderName: 'Acme',
    ...extra,
  });
files['focus-ok.jsonl'] = [rec('1.25'), rec(2.5)].join('\n') + '\n';
files['focus-ok-array.json'] = `[${rec('1.25')},\n${rec(2.5)}]`;
files['focus-exact-number.jsonl'] = `${rec(0)}\n`.replace('"BilledCost":0', '"BilledCost":0.123456789012345678');
files['focus-deep-nesting.json'] = '['.repeat(100) + ']'.repeat(100);
files['focus-truncated.jsonl'] = rec('1') + '\n' + rec('2').slice(0, 40) + '\n';
files['focus-prototype-keys.jsonl'] =
  [rec('1', 'USD', { constructor: 'c', toString: 't' }), `{"__proto__":{"x":1},${rec('2').slice(1)}`].join('\n') + '\n';
files['focus-array-of-numbers.json'] = '[1, 2, 3]';
files['focus-empty-array.json'] = '[]';
files['focus-string-amount-nan.jsonl'] = rec('NaN') + '\n';
files['focus-bom.jsonl'] = '\ufeff' + rec('4.5') + '\n';

// Cost exports of other providers.
const AWS =
  'identity/LineItemId,bill/PayerAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UnblendedCost,lineItem/CurrencyCode';
const aws = (...rows: string[]) => [AWS, ...rows].join('\n') + '\n';
files['aws-cur-ok.csv'] = aws(
  'l1,111,Usage,2024-09-01T00:00:00Z,2024-09-01T01:00:00Z,AmazonEC2,0.5,USD',
  'l2,111,Tax,2024-09-01T00:00:00Z,2024-09-01T01:00:00Z,AmazonEC2,0.05,usd',
);
files['aws-cur-bad-date.csv'] = aws('l1,111,Usage,2024-13-01T00:00:00Z,2024-09-01T01:00:00Z,AmazonEC2,0.5,USD');
files['aws-cur-blank-currency.csv'] = aws('l1,111,Usage,2024-09-01T00:00:00Z,2024-09-01T01:00:00Z,AmazonEC2,0.5,');
const AZURE = 'SubscriptionId,Date,MeterCategory,CostInBillingCurrency,BillingCurrencyCode,Quantity';
files['azure-ea-ok.csv'] = `${AZURE}\nsub-1,09/01/2024,Virtual Machines,2.304000000000001,EUR,24\nsub-1,09/02/2024,Storage,0.1,eur,1\n`;
files['azure-ea-unknown-currency.csv'] = `${AZURE}\nsub-1,09/01/2024,Virtual Machines,2.3,EURO,24\n`;
files['azure-ea-dup-header.csv'] = `${AZURE},Date\nsub-1,09/01/2024,Virtual Machines,2.3,EUR,24,09/01/2024\n`;
const GCP = 'billing_account_id,service_description,sku_id,usage_start_time,usage_end_time,cost,currency,usage_amount';
files['gcp-ok.csv'] =
  `${GCP}\nA-1,BigQuery,S1,2024-09-01 00:00:00 UTC,2024-09-01 01:00:00 UTC,5.0,USD,10\nA-1,BigQuery,S1,2024-09-01 01:00:00 UTC,2024-09-01 02:00:00 UTC,0.25,USD,1\n`;
files['gcp-xxx1.csv'] = `${GCP}\nA-1,BigQuery,S1,2024-09-01 00:00:00 UTC,2024-09-01 01:00:00 UTC,5.0,XXX1,10\n`;
const gcpRec = (cost: string, cur = 'USD') =>
  `{"billing_account_id":"A-1","service":{"id":"6F81","description":"Compute Engine"},"sku":{"id":"D973","description":"Core"},"usage_start_time":"2024-09-01T00:00:00Z","usage_end_time":"2024-09-01T01:00:00Z","cost":${cost},"currency":"${cur}","usage":{"amount":3600,"unit":"seconds"}}`;
files['gcp-ok.jsonl'] = [gcpRec('0.031611'), gcpRec('1')].join('\n') + '\n';
files['gcp-huge-cost.jsonl'] = gcpRec('1e300') + '\n';

// Billing: price book, Lago fees, Stripe balance and invoice lines, metered usage.
const PRICES = 'sku,currency,unit_price,valid_from';
files['prices-ok.csv'] = `${PRICES}\napi_calls,usd,0.002,2024-01-01\nstorage_gb,EUR,0.10,2024-01-01\n`;
files['prices-negative.csv'] = `${PRICES}\napi_calls,USD,-0.002,2024-01-01\n`;
files['prices-blank-currency.csv'] = `${PRICES}\napi_calls,,0.002,2024-01-01\n`;
files['prices-formula.csv'] = `${PRICES}\n"=1+1",USD,0.002,2024-01-01\n`;
const LAGO =
  'invoice_lago_id,invoice_number,invoice_issuing_date,fee_lago_id,fee_item_type,fee_item_code,subscription_external_id,fee_from_date_utc,fee_to_date_utc,fee_amount_currency,fee_units,fee_precise_unit_amount,fee_taxes_amount_cents,fee_total_amount_cents';
const lago = (...rows: string[]) => [LAGO, ...rows].join('\n') + '\n';
const fee = (id: string, cur: string, cents: string) =>
  `inv1,ACME-1,2024-10-01,${id},charge,api_calls,acme,2024-09-01T00:00:00Z,2024-09-30T23:59:59Z,${cur},100,0.01,0,${cents}`;
files['lago-fees-ok.csv'] = lago(fee('f1', 'USD', '100'), fee('f2', 'jpy', '300'));
files['lago-fees-fraction-of-cent.csv'] = lago(fee('f1', 'USD', '12.5'));
files['lago-fees-huge-cents.csv'] = lago(fee('f1', 'USD', '123456789012345678901234567890'));
files['lago-fees-duplicated-header.csv'] = lago(fee('f1', 'USD', '100')).replace('fee_units', 'fee_lago_id');
const STRIPE = 'balance_transaction_id,created_utc,currency,gross,reporting_category,customer_id';
files['stripe-balance-ok.csv'] = `${STRIPE}\ntxn_1,2024-09-01 10:00:00,usd,12.50,charge,cus_1\ntxn_2,2024-09-02 10:00:00,eur,-2.00,refund,cus_1\n`;
files['stripe-balance-unknown-currency.csv'] = `${STRIPE}\ntxn_1,2024-09-01 10:00:00,usdx,12.50,charge,cus_1\n`;
files['stripe-balance-separator.csv'] = `${STRIPE}\ntxn_1,2024-09-01 10:00:00,usd,"1,250.00",charge,cus_1\n`;
const line = (id: string, amount: number, cur = 'usd') =>
  JSON.stringify({
    id,
    object: 'line_item',
    amount,
    currency: cur,
    invoice: 'in_1',
    customer: 'cus_1',
    quantity: 2,
    period: { start: 1725148800, end: 1727740800 },
    price: { id: 'price_1', product: 'prod_api', unit_amount_decimal: '150', recurring: { usage_type: 'metered' } },
  });
files['stripe-lines-ok.json'] = JSON.stringify({ object: 'list', data: [JSON.parse(line('il_1', 300)), JSON.parse(line('il_2', 150, 'eur'))] });
files['stripe-lines-bad-currency.json'] = JSON.stringify({ object: 'list', data: [JSON.parse(line('il_1', 300, ''))] });
const event = (id: string, value: string) =>
  JSON.stringify({ specversion: '1.0', id, source: 'gw', type: 'api_calls', subject: 'acme', time: '2024-09-05T10:00:00Z', data: { value } });
files['usage-ok.ndjson'] = [event('e1', '100'), event('e2', '2.5')].join('\n') + '\n';
files['usage-negative.ndjson'] = [event('e1', '100'), event('e2', '-1')].join('\n') + '\n';
files['usage-nan.ndjson'] = event('e1', 'NaN') + '\n';

// Parquet (strings as written by a spreadsheet export, and exact DECIMAL twins).
async function parquet(name: string, columns: Record<string, arrow.Vector | unknown[]>): Promise<void> {
  const table = new arrow.Table(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Array.isArray(v) ? arrow.vectorFromArray(v) : v])));
  files[name] = writeParquet(WasmTable.fromIPCStream(arrow.tableToIPC(table, 'stream')), new WriterPropertiesBuilder().build());
}
const pqFocus = (costs: string[], cur = 'USD') => ({
  BilledCost: costs,
  EffectiveCost: costs,
  BillingCurrency: costs.map(() => cur),
  ChargePeriodStart: costs.map(() => '2024-09-01T00:00:00Z'),
  ChargePeriodEnd: costs.map(() => '2024-09-02T00:00:00Z'),
  ChargeCategory: costs.map(() => 'Usage'),
  ServiceName: costs.map(() => 'Compute'),
  ProviderName: costs.map(() => 'Acme'),
});

await initParquetNode();
await parquet('focus-ok.parquet', pqFocus(['1.25', '2.50']));
await parquet('focus-bad-cell.parquet', pqFocus(['1.25', '2.5x']));
await parquet('focus-lower-currency.parquet', pqFocus(['1', '2'], 'usd'));
await parquet('focus-19-decimals.parquet', pqFocus(['0.0000000000000000013']));
const decimals = (values: bigint[], scale: number) =>
  arrow.makeVector({
    type: new arrow.Decimal(scale, 38, 128),
    data: new Uint32Array(new BigInt64Array(values.flatMap((v) => [v, v < 0n ? -1n : 0n])).buffer),
    length: values.length,
  });
await parquet('focus-decimal-twin.parquet', {
  ...pqFocus(['x', 'y']),
  BilledCost: decimals([125n, -50n], 2),
  EffectiveCost: decimals([125n, -50n], 2),
});
await parquet('focus-decimal-twin-huge.parquet', { ...pqFocus(['x']), BilledCost: decimals([10n ** 16n], 0), EffectiveCost: decimals([1n], 0) });
// Two columns of one name: a reader that renames the second (BilledCost_1) would silently pick one.
{
  const cols = Object.entries(pqFocus(['1.25'])).map(([k, v]) => [k, arrow.vectorFromArray(v, new arrow.Utf8())] as const);
  cols.push(['BilledCost', arrow.vectorFromArray(['9.99'], new arrow.Utf8())]);
  const schema = new arrow.Schema(cols.map(([k, v]) => new arrow.Field(k, v.type, true)));
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: 1, nullCount: 0, children: cols.map(([, v]) => v.data[0]) });
  const table = new arrow.Table(schema, new arrow.RecordBatch(schema, data));
  files['focus-duplicate-column.parquet'] = writeParquet(
    WasmTable.fromIPCStream(arrow.tableToIPC(table, 'stream')),
    new WriterPropertiesBuilder().build(),
  );
}
files['focus-truncated.parquet'] = (files['focus-ok.parquet'] as Uint8Array).slice(0, 200);

mkdirSync(DIR, { recursive: true });
for (const [name, data] of Object.entries(files)) writeFileSync(path.join(DIR, name), data);
console.log(`${Object.keys(files).length} files in ${DIR}`);
