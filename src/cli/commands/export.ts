/**
 * `finops export --proposals FILE --format stripe|lago|xlsx|csv|parquet|json --out FILE
 *  [--approved-only] [--workspace FILE]`: writes adjustment proposals in a form billing systems
 * and spreadsheets take. With --workspace the review state (approved/rejected/edited) applies.
 * `csv-excel` is CSV with a UTF-8 BOM (Excel on Windows needs it for non-ASCII text); --bom /
 * --no-bom override a CSV format's default.
 */
import { currencyExponent, formatDecimal } from '../../model/money';
import { EXPORT_FORMATS, exportProposals, takesBom, type ExportFormat } from '../../proposals/exports';
import { totalsByCurrency } from '../../proposals/model';
import { initParquetWasmNode } from '../../proposals/node-parquet-wasm';
import { readProposalsFile, reviewedFromWorkspace, writeOutputFile } from '../../proposals/node-proposal-files';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export adjustment proposals (approved only, or all with their review state) for billing systems and spreadsheets',
  usage: `export --proposals FILE --format ${EXPORT_FORMATS.join('|')} --out FILE [--approved-only] [--workspace FILE] [--bom|--no-bom]`,
  options: {
    proposals: { type: 'string', value: 'FILE', help: 'The proposals.json of finops analyze (required)' },
    format: { type: 'string', value: EXPORT_FORMATS.join('|'), help: 'Output format (required)' },
    out: { type: 'string', value: 'FILE', help: 'Output file (required)' },
    'approved-only': { type: 'boolean', help: 'Export approved proposals only (needs --workspace)' },
    workspace: { type: 'string', value: 'FILE', help: 'Review workspace whose states and edits apply' },
    bom: { type: 'boolean', help: 'CSV: start with a UTF-8 byte-order mark (default for csv-excel)' },
    'no-bom': { type: 'boolean', help: 'CSV: no byte-order mark (default for csv)' },
  },
  async run({ positional, flags }: ParsedArgs, io: CliIO): Promise<number> {
    if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
    const file = flags.proposals;
    const format = flags.format;
    const out = flags.out;
    if (typeof file !== 'string') throw new UsageError('--proposals FILE is required (the proposals.json of finops analyze)');
    if (typeof out !== 'string') throw new UsageError('--out FILE is required');
    if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    }
    if (flags.bom === true && flags['no-bom'] === true) throw new UsageError('--bom and --no-bom exclude each other');
    const bom = flags.bom === true ? true : flags['no-bom'] === true ? false : undefined;
    if (bom !== undefined && !takesBom(format as ExportFormat)) throw new UsageError(`--bom/--no-bom apply to the CSV formats only, not ${format}`);
    const workspace = typeof flags.workspace === 'string' ? flags.workspace : undefined;
    const approvedOnly = flags['approved-only'] === true;
    const proposals = await readProposalsFile(file);
    const rows = await reviewedFromWorkspace(proposals, workspace);
    if (format === 'parquet') await initParquetWasmNode();
    const data = await exportProposals(rows, format as ExportFormat, { approvedOnly, bom });
    await writeOutputFile(out, data);
    const exported = approvedOnly ? rows.filter((r) => r.state === 'approved') : rows;
    const totals = totalsByCurrency(exported.map((r) => r.proposal))
      .map((t) => {
        const e = currencyExponent(t.currency);
        return `${t.currency} credits ${formatDecimal(t.credit_minor, e)} (${t.credit_count}), debits ${formatDecimal(t.debit_minor, e)} (${t.debit_count})`;
      })
      .join('; ');
    io.out(`${out}: ${exported.length} proposal(s)${approvedOnly ? ' (approved only)' : ''} as ${format}${totals ? ` — ${totals}` : ''}\n`);
    if (format === 'stripe') for (const w of (JSON.parse(data as string) as { warnings: string[] }).warnings) io.err(`finops export: ${w}\n`);
    if (approvedOnly && !workspace) io.err('finops export: --approved-only without --workspace exports nothing (no proposal is approved yet)\n');
    return 0;
  },
};
