/**
 * `finops analyze --cost F... --usage F... --ledger F... [--prices F...] [--config F] --out DIR`:
 * loads every file (all-or-nothing per file), runs the analysis run (margin, reconciliation, provider
 * check, SLIs, anomalies, fraud rules, proposals), and writes the contract files (DESIGN.md) into DIR.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../model/errors';
import { ENGINE_OPTION, openEngine } from '../engine-option';
import { createAdapterRegistry } from '../../ingest/registry';
import { loadFile, type LoadResult } from '../../ingest/pipeline';
import { expandLocalPaths, type LocalFolder } from '../../ingest/node-folders';
import { folderSummary } from '../../ingest/export-folders';
import { isLocaleDateFormat, LOCALE_DATE_FORMATS } from '../../ingest/sql';
import type { DataKind } from '../../ingest/adapter';
import { defaultBillingConfig, parseBillingConfig, type BillingConfig } from '../../model/mappings';
import { readPolicyFile } from '../../proposals/node-proposal-files';
import { completeRun, runAnalysis, type CompleteRun } from '../../run/analysis-run';
import { runOutputFiles } from '../../run/csv-outputs';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command';
import type { ReportingMargin } from '../../analysis/fx/reporting-margin';
import { loadFromWarehouse, SOURCE_OPTION } from '../warehouse-option';
import { createCliProgress, PROGRESS_OPTION, progressMode } from '../progress';

const INPUTS: [flag: string, kind: DataKind][] = [
  ['cost', 'cost'],
  ['usage', 'usage'],
  ['ledger', 'ledger'],
  ['prices', 'prices'],
  ['fx', 'fx'],
  ['invoices', 'invoices'],
  ['commitments', 'commitments'],
];

async function readConfig(file: string | undefined): Promise<BillingConfig> {
  if (!file) return defaultBillingConfig();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`${file}: cannot read the config file: expected a readable JSON file`, { file, expected: 'a readable JSON file' });
  }
  return parseBillingConfig(text, path.basename(file));
}

/** Each export folder's deliveries: which were loaded, which superseded or incomplete, and files left out. */
function deliveriesJson(folders: readonly LocalFolder[]) {
  return folders.map(({ folder, plan }) => ({
    folder,
    layout: plan.layout,
    deliveries: plan.deliveries.map((d) => ({
      provider: d.provider,
      export: d.exportName,
      period: d.period,
      id: d.id,
      delivered_at: d.deliveredAt,
      status: d.status,
      ...(d.supersededBy && { superseded_by: d.supersededBy }),
      files: d.files,
      ...(d.missing.length && { missing: d.missing }),
    })),
    not_in_manifest: plan.unlisted,
    ...(plan.unreadable.length && { unreadable_manifests: plan.unreadable }),
  }));
}

function summaryJson(loads: LoadResult[], a: CompleteRun, cfg: BillingConfig, folders: readonly LocalFolder[]) {
  const count = (pred: (s: string) => boolean) => a.reconciliation.rows.filter((r) => pred(r.status)).length;
  const statuses: Record<string, number> = {};
  for (const r of a.reconciliation.rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return {
    generated_by: 'finops analyze',
    inputs: loads.map((l) => ({ file: l.file, kind: l.kind, format: l.format, rows: l.rows, totals: l.totals, date_range: l.dateRange })),
    ...(folders.length && { deliveries: deliveriesJson(folders) }),
    row_counts: Object.fromEntries(
      ['cost', 'usage', 'ledger', 'prices'].map((k) => [k, loads.filter((l) => l.kind === k).reduce((t, l) => t + l.rows, 0)]),
    ),
    config: { period: cfg.period, shared_cost: cfg.sharedCost, tolerance: cfg.tolerance, cost_tags: cfg.costTags, sku_aliases: cfg.skuAliases },
    slis: a.slis,
    totals: {
      margin_by_currency: totalsByCurrency(a),
      ...(a.reporting && { margin_reporting: reportingTotals(a.reporting) }),
      reconciliation_rows: a.reconciliation.rows.length,
      reconciliation_status: statuses,
      reconciliation_findings: count((s) => s !== 'matched'),
      event_findings: a.reconciliation.findings.length,
      negative_margin_skus: a.margin.negativeSkus.map((r) => ({ sku: r.sku, currency: r.currency, margin: r.margin })),
      anomalies: a.anomalies.length,
      fraud_findings: a.fraud.length,
      proposals: a.proposals.length,
    },
    event_stats: a.reconciliation.stats,
    provider_check: a.provider,
    invoice_reconciliation: invoiceTotals(a),
    timings_ms: Object.fromEntries(Object.entries(a.timings).map(([k, v]) => [k, Math.round(v ?? 0)])),
  };
}

/** Invoice reconciliation scopes per status and the findings (every status but matched and tax_only), when invoices were given. */
function invoiceTotals(a: CompleteRun) {
  if (a.invoices.length === 0) return undefined;
  const invoices = a.invoices.filter((r) => r.level === 'invoice');
  const statuses: Record<string, number> = {};
  for (const r of invoices) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const findings = a.invoices.filter((r) => r.status !== 'matched' && r.status !== 'tax_only');
  return { invoices: invoices.length, status: statuses, findings: findings.length };
}

function invoiceLine(a: CompleteRun): string {
  const t = invoiceTotals(a)!;
  return `${t.invoices} invoice scopes, ${t.findings} differences (${Object.entries(t.status)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')})`;
}

/** Per-currency totals, rounded once from the exact sums (not a sum of the rounded SKU rows). */
function totalsByCurrency(a: CompleteRun): Record<string, { revenue: string; cost: string; margin: string }> {
  const out: Record<string, { revenue: string; cost: string; margin: string }> = {};
  for (const r of a.margin.byCurrency) out[r.currency] = { revenue: r.revenue, cost: r.cost, margin: r.margin };
  return out;
}

/** The all-currency margin in the reporting currency and the rates it was converted with. */
function reportingTotals(r: ReportingMargin) {
  const t = r.total;
  return {
    currency: r.currency,
    revenue: t?.revenue ?? '0',
    cost: t?.cost ?? '0',
    margin: t?.margin ?? '0',
    margin_pct: t?.margin_pct ?? '',
    native_currencies: t?.native_currencies.split(' ').filter(Boolean) ?? [],
    fx: {
      files: r.rates.files,
      first_rate_date: r.rates.first,
      last_rate_date: r.rates.last,
      rate_dates: r.rates.used,
      conversions: r.conversions.length,
      max_age_days: r.maxAgeDays,
    },
  };
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Margin, reconciliation, provider check, SLIs, anomalies and adjustment proposals over cost, usage and ledger files',
  usage:
    'analyze --cost F... --usage F... --ledger F... [--prices F...] [--invoices F...] [--commitments F...] [--config F] [--policy F] [--reporting-currency C --fx F... [--fx-max-age-days N]] --out DIR',
  options: {
    engine: ENGINE_OPTION,
    source: SOURCE_OPTION,
    progress: PROGRESS_OPTION,
    cost: { type: 'string', multiple: true, value: 'F', help: 'Cloud cost exports (FOCUS, AWS CUR, Azure, GCP, OCI; CSV or Parquet)' },
    usage: { type: 'string', multiple: true, value: 'F', help: 'Metered usage events' },
    ledger: { type: 'string', multiple: true, value: 'F', help: 'Billing ledger exports (invoices, line items)' },
    prices: { type: 'string', multiple: true, value: 'F', help: 'Price books' },
    invoices: {
      type: 'string',
      multiple: true,
      value: 'F',
      help: "FOCUS 1.4 Invoice Detail and Billing Period files: the provider's invoices, reconciled against the --cost data",
    },
    commitments: { type: 'string', multiple: true, value: 'F', help: 'FOCUS 1.3 Contract Commitment files' },
    config: { type: 'string', value: 'F', help: 'Mappings and analysis settings (JSON)' },
    policy: { type: 'string', value: 'F', help: 'Proposals policy (JSON): which findings become proposals, thresholds' },
    fx: { type: 'string', multiple: true, value: 'F', help: 'FX rates: date,from,to,rate CSV or the ECB eurofxref layout' },
    'reporting-currency': { type: 'string', value: 'C', help: "Margin also in this currency, converted with the --fx rates of each row's date" },
    'fx-max-age-days': { type: 'string', value: 'N', help: 'Days a rate serves rows after its date (default 7)' },
    out: { type: 'string', value: 'DIR', help: 'Directory for summary.json, the CSV reports and proposals.json (required)' },
    'date-format': {
      type: 'string',
      value: 'FORMAT',
      help: `Order of locale dates (4/1/2025) the files leave open: ${LOCALE_DATE_FORMATS.join(', ')}`,
    },
  },
  async run({ positional, flags }: ParsedArgs, io: CliIO): Promise<number> {
    if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}" (files go after --cost, --usage, --ledger or --prices)`);
    const out = flags.out;
    if (typeof out !== 'string') throw new UsageError('--out DIR is required');
    const files = INPUTS.flatMap(([flag, kind]) => ((flags[flag] as string[] | undefined) ?? []).map((f) => ({ f, kind })));
    const source = typeof flags.source === 'string' ? flags.source : undefined;
    if (files.length === 0 && !source)
      throw new UsageError('give at least one input: --source URL, --cost F..., --usage F..., --ledger F... or --prices F...');
    if (source && flags.usage) throw new UsageError('--usage: the usage events are read from --source; give one or the other');
    const cfg = await readConfig(typeof flags.config === 'string' ? flags.config : undefined);
    const policy = typeof flags.policy === 'string' ? await readPolicyFile(flags.policy) : {};
    const reportingCurrency = typeof flags['reporting-currency'] === 'string' ? flags['reporting-currency'] : undefined;
    const age = flags['fx-max-age-days'];
    if (age !== undefined && !(typeof age === 'string' && /^\d+$/.test(age)))
      throw new UsageError(`--fx-max-age-days: expected a whole number of days, got ${JSON.stringify(age)}`);
    const dateFormat = flags['date-format'];
    if (dateFormat !== undefined && (typeof dateFormat !== 'string' || !isLocaleDateFormat(dateFormat))) {
      throw new UsageError(`--date-format: expected one of ${LOCALE_DATE_FORMATS.join(', ')}, got ${JSON.stringify(dateFormat)}`);
    }
    const adapters = createAdapterRegistry(cfg);
    // A folder gives the files of each billing period's latest delivery (its manifests), a zip archive its members.
    const folders: LocalFolder[] = [];
    const inputs = [];
    for (const { f, kind } of files) {
      const expanded = await expandLocalPaths([f], { baseNames: true });
      folders.push(...expanded.folders);
      inputs.push(...expanded.inputs.map((input) => ({ input, kind })));
    }
    // An incomplete delivery or an unreadable manifest stops the run: part of a period would be missing.
    const refused = folders
      .flatMap((x) => folderSummary(x.folder, x.plan).map((line) => ({ folder: x.folder, line })))
      .find((x) => /: incomplete, |; not used$/.test(x.line));
    if (refused) throw new UserError(refused.line, { file: refused.folder });
    const engine = await openEngine(
      flags,
      files.map((x) => x.f),
    );
    const progress = createCliProgress('finops analyze', io, engine, progressMode(flags.progress, io.stderrIsTTY === true));
    // Ctrl+C: the running statement is interrupted, the next step refuses to start, nothing is written.
    const signal = io.signal;
    const interrupted = () => void engine.cancel().catch(() => false);
    signal?.addEventListener('abort', interrupted);
    const stopIfCancelled = () => {
      if (signal?.aborted) throw new UserError(`cancelled; nothing was written to ${out}`);
    };
    try {
      const loads: LoadResult[] = [];
      for (const { input, kind } of inputs) {
        stopIfCancelled();
        const opened = await input.open(engine);
        const load = await loadFile(engine, {
          ...opened,
          kindHint: kind,
          adapters,
          dateFormat,
          signal,
          onProgress: (p) => progress.load(opened.name, p),
        });
        for (const w of load.warnings) io.err(`finops analyze: ${load.file}: ${w}\n`);
        loads.push(load);
      }
      stopIfCancelled();
      if (source) progress.step('aggregating in the warehouse');
      const warehouse = source ? await loadFromWarehouse(source, engine, cfg) : null;
      const run = await runAnalysis(engine, {
        config: cfg,
        policy,
        reportingCurrency,
        fxMaxAgeDays: age === undefined ? undefined : Number(age),
        usageStaged: warehouse !== null,
        costStaged: warehouse?.costStaged,
        onStage: (stage) => {
          stopIfCancelled();
          progress.step(stage);
        },
      });
      stopIfCancelled();
      const analysis = completeRun(run);
      progress.end();
      await mkdir(out, { recursive: true });
      const write = (name: string, text: string) => writeFile(path.join(out, name), text);
      await write('summary.json', JSON.stringify({ ...summaryJson(loads, analysis, cfg, folders), ...(warehouse && { warehouse }) }, null, 2) + '\n');
      for (const [name, text] of runOutputFiles(analysis)) await write(name, text);
      const proposalCount = analysis.proposals.length;
      const notMatched = analysis.reconciliation.rows.filter((r) => r.status !== 'matched').length;
      for (const { folder, plan } of folders) for (const line of folderSummary(folder, plan)) io.out(`${line}\n`);
      if (warehouse)
        io.out(
          `pushed down to ${warehouse.source}: ${JSON.stringify(warehouse.rowsMoved)} rows moved (${warehouse.bytesMoved} bytes, ${warehouse.ms} ms)\n`,
        );
      io.out(
        `loaded ${loads.map((l) => `${l.file} (${l.format}, ${l.rows} rows)`).join(', ')}\n` +
          `reconciliation: ${analysis.reconciliation.rows.length} rows, ${notMatched} not matched, ${analysis.reconciliation.findings.length} event findings; ` +
          `margin: ${analysis.margin.bySku.length} SKU rows, ${analysis.margin.negativeSkus.length} negative; proposals: ${proposalCount}\n` +
          (analysis.invoices.length ? `invoice reconciliation: ${invoiceLine(analysis)}\n` : '') +
          (analysis.reporting
            ? `margin in ${analysis.reporting.currency}: ${analysis.reporting.total?.margin ?? '0'} (${analysis.reporting.conversions.length} currency-days converted)\n`
            : '') +
          `wrote summary.json, margin.csv, reconciliation.csv, anomalies.csv, proposals.csv, proposals.json (+ margin_detail.csv, event_findings.csv, provider_check.csv, fraud.csv${analysis.reporting ? ', margin_reporting.csv, fx_conversions.csv' : ''}${analysis.invoices.length ? ', invoice_reconciliation.csv' : ''}) to ${out}\n`,
      );
      return 0;
    } catch (e) {
      // An interrupted statement fails with DuckDB's own words: the user asked for it.
      if (signal?.aborted) throw new UserError(`cancelled; nothing was written to ${out}`);
      throw e;
    } finally {
      progress.end();
      signal?.removeEventListener('abort', interrupted);
      await engine.close();
    }
  },
};
