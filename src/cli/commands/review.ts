/**
 * `finops review --workspace FILE [--proposals FILE] [--approve ID...] [--reject ID...]
 *  [--reopen ID...] [--edit ID [--amount X] [--memo TEXT]] [--by NAME] [--reason TEXT] [--list]`:
 * the review workflow headless. --proposals merges a fresh analysis by proposal_id (decisions kept);
 * every change is audited in FILE's .audit.jsonl beside it. IDs may be given by a unique prefix.
 */
import { currencyExponent, formatDecimal } from '../../model/money';
import { NodeReviewStore } from '../../proposals/node-review-store';
import { readProposalsFile } from '../../proposals/node-proposal-files';
import type { ProposalEdits, ReviewAction, Workspace } from '../../proposals/review';
import { ReviewSession } from '../../proposals/session';
import { UserError } from '../../model/errors';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command';

function resolveId(ws: Workspace, prefix: string): string {
  const hits = ws.entries.filter((e) => e.proposal.proposal_id.startsWith(prefix));
  if (hits.length === 1) return hits[0].proposal.proposal_id;
  throw new UserError(
    hits.length ? `proposal id "${prefix}" is ambiguous (${hits.length} match)` : `no proposal with id "${prefix}" in the workspace`,
    {
      column: 'proposal_id',
    },
  );
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

export const reviewCommand: Command = {
  name: 'review',
  summary: 'Review adjustment proposals: merge an analysis, approve / reject / edit / reopen with who and why, list states',
  usage:
    'review --workspace FILE [--proposals FILE] [--approve ID...] [--reject ID...] [--reopen ID...] [--edit ID [--amount X] [--memo T]] [--by NAME] [--reason TEXT] [--list]',
  options: {
    workspace: { type: 'string', value: 'FILE', help: 'Review workspace (created when missing; audit log beside it) (required)' },
    proposals: { type: 'string', value: 'FILE', help: 'Merge a fresh proposals.json by proposal_id, keeping decisions' },
    approve: { type: 'string', multiple: true, value: 'ID', help: 'Approve these proposals (ids or unique prefixes)' },
    reject: { type: 'string', multiple: true, value: 'ID', help: 'Reject these proposals (needs --reason)' },
    reopen: { type: 'string', multiple: true, value: 'ID', help: 'Return these proposals to proposed' },
    edit: { type: 'string', value: 'ID', help: 'Edit one proposal with --amount and/or --memo' },
    amount: { type: 'string', value: 'X', help: 'New amount for --edit, in major units' },
    memo: { type: 'string', value: 'T', help: 'New memo for --edit' },
    by: { type: 'string', value: 'NAME', help: 'Who decides (default $USER)' },
    reason: { type: 'string', value: 'TEXT', help: 'Why (kept in the audit log)' },
    list: { type: 'boolean', help: 'Print every proposal with its state' },
  },
  async run({ positional, flags }: ParsedArgs, io: CliIO): Promise<number> {
    if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
    if (typeof flags.workspace !== 'string') throw new UsageError('--workspace FILE is required');
    const by = typeof flags.by === 'string' ? flags.by : (process.env.USER ?? '');
    const reason = typeof flags.reason === 'string' ? flags.reason : '';
    const proposals = typeof flags.proposals === 'string' ? await readProposalsFile(flags.proposals) : undefined;
    const session = await ReviewSession.open(new NodeReviewStore(flags.workspace), { proposals });
    if (session.recovered) io.err(`finops review: recovered ${session.recovered} decision(s) from the audit log\n`);
    if (session.rebuilt) {
      const { decisions, skipped } = session.rebuilt;
      const gone = skipped ? `, ${skipped} skipped (their proposals are not in ${flags.proposals})` : '';
      io.err(`finops review: rebuilt ${flags.workspace} from its audit log: ${decisions} decision(s) replayed${gone}\n`);
    }
    if (proposals) {
      const r = await session.merge(proposals, by || 'finops');
      io.out(`merged ${flags.proposals}: ${r.added.length} new, ${r.kept.length} kept, ${r.stale.length} no longer found\n`);
    }
    const actions: [ReviewAction, string[]][] = [
      ['approve', list(flags.approve)],
      ['reject', list(flags.reject)],
      ['reopen', list(flags.reopen)],
    ];
    if (typeof flags.edit === 'string') {
      const changes: ProposalEdits = {};
      if (typeof flags.amount === 'string') changes.amount = flags.amount;
      if (typeof flags.memo === 'string') changes.memo = flags.memo;
      if (!Object.keys(changes).length) throw new UsageError('--edit needs --amount and/or --memo');
      const id = resolveId(session.workspace, flags.edit);
      await session.decide({ proposal_id: id, action: 'edit', by, at: new Date().toISOString(), reason, changes });
      io.out(`edit ${id}\n`);
    }
    const at = new Date().toISOString();
    const decisions = actions.flatMap(([action, ids]) =>
      ids.map((prefix) => ({ proposal_id: resolveId(session.workspace, prefix), action, by, at, reason })),
    );
    await session.decideMany(decisions); // all or nothing
    for (const d of decisions) io.out(`${d.action} ${d.proposal_id}\n`);
    if (flags.list === true) {
      for (const e of session.workspace.entries) {
        const p = e.proposal;
        const amount = formatDecimal(p.amount_minor, currencyExponent(p.currency));
        io.out(
          [
            p.proposal_id,
            e.status === 'stale' ? 'stale' : e.state,
            p.direction,
            amount,
            p.currency,
            p.customer_id,
            p.sku,
            p.period,
            p.finding_code,
          ].join('\t') + '\n',
        );
      }
    }
    return 0;
  },
};
