/** The workspace file format: JSON, bigint amounts as strings (see serialize.ts). */
import * as v from 'valibot';
import { UserError } from '../model/errors';
import { jsonObject, parseWithSchema } from '../model/schema-error';
import { proposalFromJson, proposalToJson } from './serialize';
import type { ReviewEntry, Workspace } from './review';

export function serializeWorkspace(ws: Workspace): string {
  return JSON.stringify({ ...ws, entries: ws.entries.map((e) => ({ ...e, proposal: proposalToJson(e.proposal) })) }, null, 1) + '\n';
}

/** Text fields older files may lack or hold as another type; read as text, '' when absent. */
const lenientText = v.optional(
  v.pipe(
    v.unknown(),
    v.transform((x) => String(x ?? '')),
  ),
  '',
);

const envelope = v.object({
  format: v.literal('finops-review-workspace'),
  version: v.literal(1),
  updated_at: lenientText,
  audit_seq: v.optional(
    v.pipe(
      v.unknown(),
      v.transform((x) => Number(x ?? 0)),
    ),
    0,
  ),
  audit_hash: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a sha-256 hex digest'))),
  entries: v.array(v.unknown()),
});

/** One entry; its proposal is read by proposalFromJson, edits and history are kept as written. */
const entrySchema = jsonObject(
  {
    state: v.picklist(['proposed', 'approved', 'rejected', 'edited'], 'must be proposed, approved, rejected or edited'),
    history: v.array(v.unknown(), 'must be a list'),
    proposal: v.optional(v.unknown()),
    edits: v.optional(v.unknown()),
    status: v.optional(
      v.pipe(
        v.unknown(),
        v.transform((s): 'stale' | 'current' => (s === 'stale' ? 'stale' : 'current')),
      ),
      'current',
    ),
    first_seen: lenientText,
    last_seen: lenientText,
    supersedes: v.optional(v.unknown()),
  },
  'must be an object',
);

export function parseWorkspace(text: string, file: string): Workspace {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: workspace is not valid JSON (${(e as Error).message})`, { file, expected: 'a review workspace' });
  }
  const ws = parseWithSchema(envelope, o, file, () => `${file}: not a review workspace (expected format "finops-review-workspace" version 1)`);
  const entries = ws.entries.map((raw, i): ReviewEntry => {
    const where = `${file}: entries[${i}]`;
    const e = parseWithSchema(entrySchema, raw, file, ({ path, expected }) => `${where}: "${path || 'entry'}" ${expected}`);
    const entry: ReviewEntry = {
      proposal: proposalFromJson(e.proposal, where),
      state: e.state,
      edits: (e.edits ?? null) as ReviewEntry['edits'],
      history: e.history as ReviewEntry['history'],
      status: e.status,
      first_seen: e.first_seen,
      last_seen: e.last_seen,
    };
    if (Array.isArray(e.supersedes)) entry.supersedes = e.supersedes.map(String);
    return entry;
  });
  const out: Workspace = { format: 'finops-review-workspace', version: 1, updated_at: ws.updated_at, audit_seq: ws.audit_seq, entries };
  if (ws.audit_hash) out.audit_hash = ws.audit_hash;
  return out;
}
