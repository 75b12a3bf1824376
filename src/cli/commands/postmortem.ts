/**
 * `finops postmortem --proposals FILE --from ISO --to ISO --out report.html [--title T] [--label T]
 *  [--customer C...] [--sku S...] [--workspace FILE] [--usage F...] [--context-hours N]`: one
 * self-contained HTML report for an incident window. With --usage the metered quantity per hour
 * around the window is charted.
 */
import path from 'node:path';
import { UserError } from '../../model/errors';
import { ENGINE_OPTION, openEngine } from '../engine-option';
import { createAdapterRegistry } from '../../ingest/registry';
import { loadLocalFile } from '../../ingest/node-files';
import { hourlyUsage } from '../../proposals/incident-series';
import { readProposalsFile, reviewedFromWorkspace, writeOutputFile } from '../../proposals/node-proposal-files';
import { renderPostmortem, type PostmortemInput } from '../../proposals/postmortem';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command';

function isoFlag(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new UsageError(`--${name} ISO-TIMESTAMP is required (e.g. 2024-03-14T00:00:00Z)`);
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  if (Number.isNaN(t)) throw new UsageError(`--${name} "${v}" is not an ISO timestamp (e.g. 2024-03-14T00:00:00Z)`);
  return new Date(t).toISOString();
}

export const postmortemCommand: Command = {
  name: 'postmortem',
  summary: 'Self-contained HTML incident report: affected customers, SKUs, money impact, charts, proposals and evidence',
  usage:
    'postmortem --proposals FILE --from ISO --to ISO --out FILE.html [--title T] [--label T] [--customer C...] [--sku S...] [--workspace FILE] [--usage F...]',
  options: {
    engine: ENGINE_OPTION,
    proposals: { type: 'string', value: 'FILE', help: 'The proposals.json of finops analyze (required)' },
    from: { type: 'string', value: 'ISO', help: 'Incident window start, e.g. 2024-03-14T00:00:00Z (required)' },
    to: { type: 'string', value: 'ISO', help: 'Incident window end (required)' },
    out: { type: 'string', value: 'FILE.html', help: 'Where to write the report (required)' },
    title: { type: 'string', value: 'T', help: 'Report title' },
    label: { type: 'string', value: 'T', help: 'Name of the incident window' },
    customer: { type: 'string', multiple: true, value: 'C', help: 'Only these customers' },
    sku: { type: 'string', multiple: true, value: 'S', help: 'Only these SKUs' },
    workspace: { type: 'string', value: 'FILE', help: 'Review workspace whose states and edits apply' },
    usage: { type: 'string', multiple: true, value: 'F', help: 'Usage files: chart the metered quantity per hour around the window' },
    'context-hours': { type: 'string', value: 'N', help: 'Hours charted before and after the window (default 48)' },
  },
  async run({ positional, flags }: ParsedArgs, io: CliIO): Promise<number> {
    if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
    if (typeof flags.proposals !== 'string') throw new UsageError('--proposals FILE is required (the proposals.json of finops analyze)');
    if (typeof flags.out !== 'string') throw new UsageError('--out FILE.html is required');
    const from = isoFlag(flags.from, 'from');
    const to = isoFlag(flags.to, 'to');
    if (Date.parse(to) <= Date.parse(from)) throw new UsageError('--to must be after --from');
    const customers = flags.customer as string[] | undefined;
    const skus = flags.sku as string[] | undefined;
    const hours = typeof flags['context-hours'] === 'string' ? Number(flags['context-hours']) : 48;
    if (!Number.isFinite(hours) || hours < 0) throw new UsageError('--context-hours must be a non-negative number');
    const proposals = await readProposalsFile(flags.proposals);
    const rows = await reviewedFromWorkspace(proposals, typeof flags.workspace === 'string' ? flags.workspace : undefined);
    const label = typeof flags.label === 'string' ? flags.label : 'incident window';
    const input: PostmortemInput = {
      title: typeof flags.title === 'string' ? flags.title : `Postmortem: ${label}`,
      window: { start: from, end: to, label },
      generated_at: new Date().toISOString(),
      proposals: rows,
      customers,
      skus,
      sources: [flags.proposals, ...((flags.usage as string[] | undefined) ?? [])].map((f) => path.basename(f)),
    };
    const usage = (flags.usage as string[] | undefined) ?? [];
    if (usage.length) {
      const adapters = createAdapterRegistry();
      const engine = await openEngine(flags);
      try {
        for (const f of usage) {
          const loaded = await loadLocalFile(engine, f, { kindHint: 'usage', adapters });
          if (loaded.kind !== 'usage') throw new UserError(`${f}: expected a usage file, found ${loaded.kind} (${loaded.format})`, { file: f });
        }
        const span = hours * 3600_000;
        const points = await hourlyUsage(engine, {
          from: new Date(Date.parse(from) - span).toISOString(),
          to: new Date(Date.parse(to) + span).toISOString(),
          customers,
          skus,
        });
        const scope = [customers?.join(', '), skus?.join(', ')].filter(Boolean).join(' · ');
        input.series = [{ title: `Metered quantity per hour${scope ? ` — ${scope}` : ''}`, points }];
      } finally {
        await engine.close();
      }
    }
    await writeOutputFile(flags.out, renderPostmortem(input));
    io.out(`${flags.out}: postmortem for ${from} – ${to}\n`);
    return 0;
  },
};
