import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { currencyExponent, parseDecimal } from '../../../src/model/money';
import { buildProposals } from '../../../src/proposals/build';
import { parseCsv } from '../../../src/model/csv';
import type { LagoPayloads, StripePayloads } from '../../../src/proposals/export-billing';
import { readProposalsParquet } from '../../../src/proposals/export-parquet';
import { EXPORT_FORMATS, exportProposals } from '../../../src/proposals/exports';
import { totalsByCurrency, type Proposal } from '../../../src/proposals/model';
import { initParquetWasmNode } from '../../../src/proposals/node-parquet-wasm';
import { unreviewed, type ReviewedProposal } from '../../../src/proposals/review';
import { EVENTS, RECON } from './fixtures';

type Totals = Record<string, { credit: bigint; debit: bigint }>;

/** An XLSX read back by exceljs: per sheet, its rows as cells by column (header row first). */
async function readXlsx(bytes: Uint8Array): Promise<Record<string, ExcelJS.Cell[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheets: Record<string, ExcelJS.Cell[][]> = {};
  wb.eachSheet((ws) => {
    const rows: ExcelJS.Cell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => rows.push(Array.from({ length: row.cellCount }, (_, i) => row.getCell(i + 1))));
    sheets[ws.name] = rows;
  });
  return sheets;
}

/** A number cell's value as decimal text at the currency's decimals (XLSX numbers are doubles). */
const numberText = (c: ExcelJS.Cell, currency: string) => {
  expect(c.type).toBe(ExcelJS.ValueType.Number);
  return (c.value as number).toFixed(currencyExponent(currency.toUpperCase()));
};

const expected = (ps: Proposal[]): Totals =>
  Object.fromEntries(totalsByCurrency(ps).map((t) => [t.currency, { credit: t.credit_minor, debit: t.debit_minor }]));

function add(t: Totals, currency: string, direction: string, minor: bigint) {
  const c = (t[currency.toUpperCase()] ??= { credit: 0n, debit: 0n });
  if (direction === 'credit') c.credit += minor;
  else if (direction === 'debit') c.debit += minor;
  else throw new Error(`bad direction ${direction}`);
}

const toMinor = (amount: string, currency: string) => parseDecimal(amount, currencyExponent(currency.toUpperCase()));

/** Reads each export format back, independently of the writer, and totals it per currency. */
async function totalsOf(format: string, out: string | Uint8Array): Promise<Totals> {
  const t: Totals = {};
  if (format === 'csv' || format === 'csv-excel') {
    expect((out as string).startsWith('\uFEFF'), format).toBe(format === 'csv-excel');
    const [header, ...rows] = parseCsv((out as string).replace(/^\uFEFF/, ''));
    const col = (n: string) => header.indexOf(n);
    for (const r of rows) add(t, r[col('currency')], r[col('direction')], toMinor(r[col('amount')], r[col('currency')]));
  } else if (format === 'json') {
    for (const p of JSON.parse(out as string).proposals) add(t, p.currency, p.direction, toMinor(p.amount, p.currency));
  } else if (format === 'xlsx') {
    const sheets = await readXlsx(out as Uint8Array);
    for (const [sheet, direction] of [
      ['Credits', 'credit'],
      ['Debits', 'debit'],
    ]) {
      const [header, ...rows] = sheets[sheet];
      const h = header.map((c) => c.text);
      for (const r of rows) {
        const currency = r[h.indexOf('currency')].text;
        const amount = r[h.indexOf('amount')];
        // Shown with the currency's decimals and thousands separators.
        expect(amount.numFmt).toBe(currencyExponent(currency) ? `#,##0.${'0'.repeat(currencyExponent(currency))}` : '#,##0');
        expect(r[h.indexOf('quantity_delta')].type).toBe(ExcelJS.ValueType.Number);
        expect(String(r[h.indexOf('quantity_delta')].value)).toMatch(/^-?\d+(\.\d+)?$/);
        expect(r[h.indexOf('direction')].text).toBe(direction);
        add(t, currency, direction, toMinor(numberText(amount, currency), currency));
      }
    }
    // The summary sheet states the same totals.
    const [, ...summary] = sheets.Summary;
    const totalsRows = summary.filter((r) => r.length === 6);
    expect(totalsRows.length).toBe(Object.keys(t).length);
    for (const r of totalsRows) {
      const currency = r[0].text;
      expect(toMinor(numberText(r[2], currency), currency)).toBe(t[currency].credit);
      expect(toMinor(numberText(r[4], currency), currency)).toBe(t[currency].debit);
    }
  } else if (format === 'parquet') {
    const table = await readProposalsParquet(out as Uint8Array);
    for (const r of table.toArray()) add(t, r.currency, r.direction, BigInt(r.amount_minor));
  } else if (format === 'stripe') {
    const s: StripePayloads = JSON.parse(out as string);
    for (const cn of s.credit_notes) {
      for (const l of cn.lines)
        add(t, cn.currency, 'credit', l.amount != null ? BigInt(l.amount) : BigInt(l.quantity!) * BigInt(l.unit_amount_decimal!));
    }
    for (const b of s.customer_balance_transactions) add(t, b.currency, 'credit', BigInt(-b.amount));
    for (const i of s.invoice_items) add(t, i.currency, 'debit', BigInt(i.quantity) * BigInt(i.unit_amount_decimal));
    for (const u of s.needs_attribution) add(t, u.currency, u.direction, BigInt(u.amount_minor));
  } else if (format === 'lago') {
    const l: LagoPayloads = JSON.parse(out as string);
    const invoiceCurrency = new Map<string, string>();
    for (const r of RECON) for (const id of r.invoice_ids ?? []) invoiceCurrency.set(id, r.currency);
    for (const { credit_note: cn } of l.credit_notes) {
      expect(cn.credit_amount_cents + cn.refund_amount_cents).toBe(cn.items.reduce((s, i) => s + i.amount_cents, 0));
      for (const i of cn.items) add(t, invoiceCurrency.get(cn.invoice_id)!, 'credit', BigInt(i.amount_cents));
    }
    for (const u of l.unplaced_credits) add(t, u.currency, 'credit', BigInt(u.amount_cents));
    for (const { invoice } of l.invoices)
      for (const f of invoice.fees) add(t, invoice.currency, 'debit', BigInt(f.units) * BigInt(f.unit_amount_cents));
    for (const u of l.needs_attribution) add(t, u.currency, u.direction, BigInt(u.amount_minor));
  }
  return t;
}

describe('exports', () => {
  const proposals = buildProposals({ reconciliation: RECON, events: EVENTS });
  const rows = unreviewed(proposals);
  beforeAll(() => initParquetWasmNode());

  it.each(EXPORT_FORMATS)('%s round-trips with the same totals per currency', async (format) => {
    const out = await exportProposals(rows, format, { approvedOnly: false });
    expect(await totalsOf(format, out)).toEqual(expected(proposals));
  });

  it('starts proposals.csv with the DESIGN.md contract columns', async () => {
    const [header] = parseCsv((await exportProposals(rows, 'csv', { approvedOnly: false })) as string);
    expect(header.slice(0, 13).join(',')).toBe(
      'proposal_id,direction,customer_id,sku,period,currency,amount,quantity_delta,finding_code,reason_stripe,reason_lago,evidence,confidence',
    );
  });

  it('exports approved proposals only when asked', async () => {
    const mixed: ReviewedProposal[] = rows.map((r, i) => ({ ...r, state: i % 2 === 0 ? 'approved' : 'rejected' }));
    const approved = proposals.filter((_, i) => i % 2 === 0);
    for (const format of EXPORT_FORMATS) {
      const out = await exportProposals(mixed, format, { approvedOnly: true });
      expect(await totalsOf(format, out), format).toEqual(expected(approved));
    }
    const csv = parseCsv((await exportProposals(mixed, 'csv', { approvedOnly: false })) as string);
    expect(csv.slice(1).map((r) => r[csv[0].indexOf('state')])).toEqual(mixed.map((r) => r.state));
  });

  it('shapes Stripe and Lago payloads as their APIs take them', async () => {
    const s: StripePayloads = JSON.parse((await exportProposals(rows, 'stripe', { approvedOnly: false })) as string);
    const globex = s.credit_notes.find((c) => c.invoice === 'in_globex_03')!;
    expect(globex).toMatchObject({
      reason: 'duplicate',
      currency: 'usd',
      lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_globex_api', amount: 300 }],
    });
    expect(globex.metadata.proposal_ids).toMatch(/^prp_[0-9a-f]{20}$/);
    const umbrella = s.invoice_items.find((i) => i.customer === 'umbrella')!;
    expect(umbrella).toMatchObject({
      currency: 'jpy',
      quantity: 1,
      unit_amount_decimal: '36000',
      period: { start: Date.UTC(2026, 2, 1) / 1000, end: Date.UTC(2026, 3, 1) / 1000 },
    });
    expect(umbrella.description).toContain('service period 2026-03');
    expect(s.customer_balance_transactions).toEqual([expect.objectContaining({ customer: 'stark', amount: -10, currency: 'eur' })]);
    expect(s.needs_attribution).toEqual([expect.objectContaining({ direction: 'debit', amount_minor: 70, sku: 'api_calls' })]);
    expect(s.invoice_items.every((i) => i.customer !== '')).toBe(true);
    expect(s.warnings).toEqual([expect.stringMatching(/KWD amounts in multiples of 10 minor units; 12345/)]);
    const l: LagoPayloads = JSON.parse((await exportProposals(rows, 'lago', { approvedOnly: false })) as string);
    expect(l.credit_notes.find((c) => c.credit_note.invoice_id === 'in_hooli_03')?.credit_note).toMatchObject({
      reason: 'order_change',
      credit_amount_cents: 12345,
      refund_amount_cents: 0,
      items: [{ fee_id: 'il_hooli_support', amount_cents: 12345 }],
    });
    expect(l.invoices.find((i) => i.invoice.external_customer_id === 'initech')?.invoice.fees).toEqual([
      expect.objectContaining({ add_on_code: 'billing_adjustment', units: 1, unit_amount_cents: 250 }),
    ]);
  });

  it('escapes spreadsheet formula injection in CSV and never writes formulas to XLSX', async () => {
    const evil = ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];
    const hostile = rows
      .slice(0, evil.length)
      .map((r, i) => ({ ...r, proposal: { ...r.proposal, customer_id: evil[i], memo: evil[(i + 1) % evil.length] } }));
    const csvText = (await exportProposals(hostile, 'csv', { approvedOnly: false })) as string;
    const [header, ...cells] = parseCsv(csvText);
    for (const [i, r] of cells.entries()) {
      expect(r[header.indexOf('customer_id')]).toBe(`'${evil[i]}`);
      expect(r[header.indexOf('memo')]).toBe(`'${evil[(i + 1) % evil.length]}`);
    }
    for (const r of cells) for (const c of r) expect(c, c).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
    expect(cells.map((r) => r[header.indexOf('quantity_delta')])).toContain('-50'); // a plain negative number stays a number
    const sheets = await readXlsx((await exportProposals(hostile, 'xlsx', { approvedOnly: false })) as Uint8Array);
    for (const c of Object.values(sheets).flat(2)) expect(c.type, String(c.value)).not.toBe(ExcelJS.ValueType.Formula);
    const all = [...sheets.Credits, ...sheets.Debits].flat().map((c) => c.value);
    for (const e of evil) expect(all).toContain(e);
  });

  it('writes Parquet that native DuckDB reads with the same totals', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-pq-'));
    const file = path.join(dir, 'proposals.parquet');
    writeFileSync(file, (await exportProposals(rows, 'parquet', { approvedOnly: false })) as Uint8Array);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run('SET autoinstall_known_extensions = false');
    const r = await c.runAndReadAll(
      `SELECT currency, direction, CAST(sum(amount_minor) AS VARCHAR) AS s, typeof(any_value(amount_minor)) AS t FROM read_parquet('${file}') GROUP BY ALL`,
    );
    const t: Totals = {};
    for (const row of r.getRowObjectsJson()) {
      expect(row.t).toBe('BIGINT');
      add(t, String(row.currency), String(row.direction), BigInt(String(row.s)));
    }
    expect(t).toEqual(expected(proposals));
    c.closeSync();
  });

  it('writes byte-identical files for the same proposals', async () => {
    for (const format of EXPORT_FORMATS) {
      const a = await exportProposals(rows, format, { approvedOnly: false });
      const b = await exportProposals(rows, format, { approvedOnly: false });
      expect(a, format).toEqual(b);
    }
  });
});
