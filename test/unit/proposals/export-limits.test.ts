/** Export edge cases: Excel's cell-size limit, and the UTF-8 BOM of the CSV flavours (library and CLI). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli';
import { buildProposals } from '../../../src/proposals/build';
import { EXPORT_FORMAT_TABLE, EXPORT_FORMATS, exportProposals, takesBom } from '../../../src/proposals/exports';
import { unreviewed } from '../../../src/proposals/review';
import { proposalsDocument } from '../../../src/proposals/serialize';
import { XLSX_MAX_CELL_CHARS } from '../../../src/proposals/xlsx';
import { EVENTS, RECON } from './fixtures';

const proposals = buildProposals({ reconciliation: RECON, events: EVENTS });
const withMemo = (memo: string) => unreviewed(proposals.map((p, i) => (i === 0 ? { ...p, memo } : p)));

describe('XLSX cell limit', () => {
  it('refuses a cell over 32,767 characters, naming the proposal and column', async () => {
    const id = proposals[0].proposal_id;
    await expect(exportProposals(withMemo('ü'.repeat(XLSX_MAX_CELL_CHARS + 1)), 'xlsx', { approvedOnly: false })).rejects.toThrow(
      `xlsx export: proposal ${id}, column "memo" has 32768 characters, over Excel's 32767-character cell limit: shorten it (edit the proposal) or export as CSV or JSON, which keep the full text`,
    );
    // CSV keeps the whole text.
    const csv = (await exportProposals(withMemo('ü'.repeat(XLSX_MAX_CELL_CHARS + 1)), 'csv', { approvedOnly: false })) as string;
    expect(csv).toContain('ü'.repeat(XLSX_MAX_CELL_CHARS + 1));
  });

  it('writes a cell of exactly 32,767 characters whole', async () => {
    const memo = 'x'.repeat(XLSX_MAX_CELL_CHARS - 1) + 'ü';
    const out = (await exportProposals(withMemo(memo), 'xlsx', { approvedOnly: false })) as Uint8Array;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(proposals[0].direction === 'credit' ? 'Credits' : 'Debits')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const memos = sheet.getColumn(header.indexOf('memo')).values.map((v) => String(v ?? ''));
    expect(memos).toContain(memo);
  });
});

describe('CSV byte-order mark', () => {
  const rows = unreviewed(proposals);

  it('is on by default for the Excel CSV only, and the option overrides it', async () => {
    expect(EXPORT_FORMAT_TABLE['csv-excel']).toMatchObject({ ext: 'csv', bom: true });
    expect(EXPORT_FORMATS.filter(takesBom)).toEqual(['csv', 'csv-excel']);
    const plain = (await exportProposals(rows, 'csv', { approvedOnly: false })) as string;
    const excel = (await exportProposals(rows, 'csv-excel', { approvedOnly: false })) as string;
    expect(plain.startsWith('\uFEFF')).toBe(false);
    expect(excel).toBe('\uFEFF' + plain);
    expect(await exportProposals(rows, 'csv', { approvedOnly: false, bom: true })).toBe(excel);
    expect(await exportProposals(rows, 'csv-excel', { approvedOnly: false, bom: false })).toBe(plain);
    // JSON never gets one (RFC 8259 forbids it), whatever is asked.
    expect(((await exportProposals(rows, 'json', { approvedOnly: false, bom: true })) as string).startsWith('{')).toBe(true);
  });

  it('is written by the CLI for --format csv-excel and --bom, and refused for other formats', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-bom-'));
    const file = path.join(dir, 'proposals.json');
    writeFileSync(file, JSON.stringify(proposalsDocument(proposals)));
    const head = (f: string) => [...readFileSync(path.join(dir, f)).subarray(0, 3)];
    const BOM = [0xef, 0xbb, 0xbf];
    const run = (fmt: string, out: string, ...extra: string[]) =>
      cli('export', '--proposals', file, '--format', fmt, '--out', path.join(dir, out), ...extra);
    expect((await run('csv-excel', 'excel.csv')).code).toBe(0);
    expect(head('excel.csv')).toEqual(BOM);
    expect((await run('csv', 'plain.csv')).code).toBe(0);
    expect(head('plain.csv')).not.toEqual(BOM);
    expect((await run('csv', 'forced.csv', '--bom')).code).toBe(0);
    expect(head('forced.csv')).toEqual(BOM);
    expect((await run('csv-excel', 'none.csv', '--no-bom')).code).toBe(0);
    expect(head('none.csv')).not.toEqual(BOM);
    const r = await run('json', 'p.json', '--bom');
    expect([r.code, r.err.trim()]).toEqual([2, expect.stringMatching(/--bom\/--no-bom apply to the CSV formats only, not json/)]);
  });
});
