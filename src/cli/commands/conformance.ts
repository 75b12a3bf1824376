/**
 * `finops conformance FILE... [--raw] [--supports CRITERIA|all] [--json]`: checks cost exports
 * against the FinOps Foundation's FOCUS 1.2 rule model. By default the rows each file normalised
 * into (cost_lines) are checked; with --raw the file as delivered (its own columns and cell text),
 * which is what a FOCUS file's producer answers for. Exits 1 when a MUST rule fails in any file
 * (0 with --allow-failures: a report, not a gate) or a file cannot be checked; each file that
 * cannot is reported with its one-line error and the others are still checked.
 */
import path from 'node:path';
import type { Engine } from '../../engine/engine';
import { UserError } from '../../model/errors';
import { ENGINE_OPTION, openEngine } from '../engine-option';
import { checkConformance, rawTarget, type ConformanceReport, type RuleResult } from '../../analysis/conformance/evaluate';
import { focusRuleModel } from '../../analysis/conformance/model';
import { loadedTarget } from '../../analysis/conformance/targets';
import { loadLocalFile, openLocalFile } from '../../ingest/node-files';
import type { PreparedRaw } from '../../ingest/raw';
import { pickRawReader } from '../../ingest/readers';
import { createAdapterRegistry } from '../../ingest/registry';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command';

interface FileReport extends ConformanceReport {
  file: string;
  format: string;
  checked: 'loaded' | 'raw';
  /** Loaded mode: FOCUS columns no row of the file fills (treated as absent). */
  absentColumns?: string[];
  /** What the 1.2 rules cannot say about a newer file. */
  note?: string;
}

/** FOCUS 1.3 replaced ProviderName/PublisherName by ServiceProviderName/HostProviderName (1.4 removed them). */
function supersededIn(format: string): Record<string, string> | undefined {
  if (!versionNote(format)) return undefined;
  const why = (c: string, by: string) => `${c} is replaced by ${by} from FOCUS 1.3 (removed in 1.4)`;
  return { ProviderName: why('ProviderName', 'ServiceProviderName'), PublisherName: why('PublisherName', 'HostProviderName') };
}

/** FOCUS 1.3/1.4 files are checked against the 1.2 rules: the only rule model that ships with the app. */
function versionNote(format: string): string | undefined {
  const v = /^focus-(1\.[34])$/.exec(format)?.[1];
  return v
    ? `FOCUS ${v} file checked against the 1.2 rules: no FinOps Foundation rule model for ${v} ships with the app, so the columns added since 1.2 are not checked`
    : undefined;
}

async function prepareRaw(engine: Engine, file: string): Promise<PreparedRaw & { name: string }> {
  const opened = await openLocalFile(file, undefined, engine);
  const reader = pickRawReader(opened.head!, engine);
  const prepared = await reader.prepare(engine, { file: opened.name, source: opened.source, head: opened.head! });
  return Object.assign(prepared, { name: opened.name });
}

async function checkRaw(engine: Engine, file: string, supports: string[] | 'all'): Promise<FileReport> {
  const prepared = await prepareRaw(engine, file);
  const opened = prepared;
  try {
    const adapter = createAdapterRegistry().require(opened.name, prepared.headers, { kindHint: 'cost', hint: prepared.hint });
    const raw = await prepared.stage({ nullStrings: [''] });
    const report = await checkConformance(engine, rawTarget(opened.name, raw.relation, prepared.headers), {
      supports,
      nullStrings: adapter.nullStrings,
      superseded: supersededIn(adapter.format),
    });
    return { file, format: adapter.format, checked: 'raw', note: versionNote(adapter.format), ...report };
  } finally {
    await prepared.dispose();
  }
}

async function checkLoaded(engine: Engine, file: string, supports: string[] | 'all'): Promise<FileReport> {
  const loaded = await loadLocalFile(engine, file, { kindHint: 'cost', adapters: createAdapterRegistry() });
  const header = await prepareRaw(engine, file);
  await header.dispose();
  const target = await loadedTarget(engine, loaded.file, header.headers);
  const report = await checkConformance(engine, target, { supports, superseded: supersededIn(loaded.format) });
  return { file, format: loaded.format, checked: 'loaded', absentColumns: target.absent, note: versionNote(loaded.format), ...report };
}

function rowsLabel(r: RuleResult): string {
  if (r.violations === undefined) return r.reason ?? '';
  const unit =
    r.function === 'Composite'
      ? 'parts'
      : r.examples?.[0]?.values && Object.keys(r.examples[0].values).some((k) => k.startsWith('distinct '))
        ? 'groups'
        : 'rows';
  return `${r.violations} of ${r.checked} ${unit}`;
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  const s = String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** Not-checked reasons grouped by kind, for the one-line tally. */
function reasonKind(reason = ''): string {
  if (reason.startsWith('the model states')) return 'prose-only (Dynamic)';
  if (reason.startsWith('MAY')) return 'MAY permissions';
  if (reason.startsWith('applies only when')) return 'provider capability unknown (--supports)';
  if (reason.startsWith('model-1.2.json contradicts')) return 'contradictory in the model';
  if (reason.startsWith('model-1.2.json erratum')) return 'model errata not checkable from columns';
  if (/stated in prose only/.test(reason)) return 'condition in prose only';
  if (/parts could be checked|parts not checked/.test(reason)) return 'composites of unchecked rules';
  return 'other';
}

function renderText(r: FileReport): string {
  const s = r.summary;
  const lines = [
    `${r.file} (${r.format}, ${r.rows} rows, ${r.checked === 'raw' ? 'the file as delivered' : 'as loaded into cost_lines'}) against FOCUS ${r.focusVersion} (model-1.2.json):`,
    `  ${r.rules.length} rules: ${s.pass} pass, ${s.fail} fail (MUST), ${s.warn} warn (SHOULD), ${s['not-checked']} not checked, ${s['not-applicable']} not applicable`,
  ];
  if (r.note) lines.push(`  ${r.note}`);
  if (r.absentColumns?.length) lines.push(`  not filled by the source (treated as absent): ${r.absentColumns.join(', ')}`);
  for (const rule of r.rules) {
    if ((rule.status !== 'fail' && rule.status !== 'warn') || rule.function === 'Composite') continue;
    lines.push(`  ${rule.status.toUpperCase().padEnd(4)}  ${rule.id.padEnd(36)} ${rowsLabel(rule).padEnd(22)} ${rule.statement.slice(0, 110)}`);
    for (const ex of rule.examples ?? []) {
      const vals = Object.entries(ex.values)
        .map(([k, v]) => `${k}=${formatValue(v)}`)
        .join(', ');
      lines.push(`        row ${ex.row}: ${vals}`);
    }
  }
  const tally: Record<string, number> = {};
  for (const rule of r.rules) if (rule.status === 'not-checked') tally[reasonKind(rule.reason)] = (tally[reasonKind(rule.reason)] ?? 0) + 1;
  lines.push(
    `  not checked: ${
      Object.entries(tally)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'none'
    } (--json lists every rule with its reason)`,
  );
  return lines.join('\n') + '\n';
}

export const conformanceCommand: Command = {
  name: 'conformance',
  summary: 'Check cost exports against the FinOps Foundation FOCUS 1.2 rules; violations by rule id with example rows',
  usage: 'conformance FILE... [--raw] [--supports CRITERION,...|all] [--json]',
  options: {
    engine: ENGINE_OPTION,
    raw: { type: 'boolean', help: 'Check the file as delivered (its own columns and cell text), not the rows it loaded into' },
    supports: { type: 'string', value: 'CRITERION,...|all', help: 'Provider capabilities that make conditional rules apply' },
    json: { type: 'boolean', help: 'Print every rule with its status and reason as JSON' },
    'allow-failures': { type: 'boolean', help: 'Exit 0 even when MUST rules fail (the report is still printed)' },
  },
  async run({ positional, flags }: ParsedArgs, io: CliIO): Promise<number> {
    if (positional.length === 0) throw new UsageError('conformance needs at least one FILE');
    const criteria = Object.keys(focusRuleModel().criteria);
    let supports: string[] | 'all' = [];
    if (typeof flags.supports === 'string') {
      supports =
        flags.supports === 'all'
          ? 'all'
          : flags.supports
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
      const unknown = supports === 'all' ? [] : supports.filter((s) => !criteria.includes(s));
      if (unknown.length) throw new UsageError(`--supports: unknown criterion ${unknown.join(', ')} (known: ${criteria.join(', ')})`);
    }
    const engine = await openEngine(flags);
    try {
      const reports: FileReport[] = [];
      let unchecked = 0;
      for (const file of positional) {
        try {
          const report = flags.raw ? await checkRaw(engine, file, supports) : await checkLoaded(engine, file, supports);
          if (report.rows === 0) throw new UserError(`${path.basename(file)}: no cost rows to check`, { file });
          reports.push(report);
          if (!flags.json) io.out(renderText(report));
        } catch (e) {
          if (!(e instanceof UserError) || positional.length === 1) throw e;
          io.err(`finops conformance: ${e.message}\n`);
          unchecked++;
        }
      }
      if (flags.json) io.out(JSON.stringify(reports, null, 1) + '\n');
      const failing = reports.filter((r) => r.summary.fail > 0);
      if (failing.length && !flags['allow-failures']) {
        io.err(
          `finops conformance: MUST rules fail in ${failing.map((r) => `${path.basename(r.file)} (${r.summary.fail})`).join(', ')} (--allow-failures exits 0)\n`,
        );
      }
      return unchecked || (failing.length && !flags['allow-failures']) ? 1 : 0;
    } finally {
      await engine.close();
    }
  },
};
