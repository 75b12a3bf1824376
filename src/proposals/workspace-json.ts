/** The workspace file format: JSON, bigint amounts as strings (see serialize.ts). */
import { UserError } from '../model/errors';
import { proposalFromJson, proposalToJson } from './serialize';
import type { ReviewEntry, Workspace } from './review';

export function serializeWorkspace(ws: Workspace): string {
  return JSON.stringify({ ...ws, entries: ws.entries.map((e) => ({ ...e, proposal: proposalToJson(e.proposal) })) }, null, 1) + '\n';
}

export function parseWorkspace(text: string, file: string): Workspace {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: workspace is not valid JSON (${(e as Error).message})`, { file, expected: 'a review workspace' });
  }
  if (o?.format !== 'finops-review-workspace' || o.version !== 1 || !Array.isArray(o.entries)) {
    throw new UserError(`${file}: not a review workspace (expected format "finops-review-workspace" version 1)`, {
      file,
      expected: 'a review workspace',
    });
  }
  const entries = (o.entries as Record<string, unknown>[]).map((e, i): ReviewEntry => {
    const where = `${file}: entries[${i}]`;
    const state = e.state;
    if (state !== 'proposed' && state !== 'approved' && state !== 'rejected' && state !== 'edited') {
      throw new UserError(`${where}: "state" must be proposed, approved, rejected or edited`, { file, column: 'state' });
    }
    if (!Array.isArray(e.history)) throw new UserError(`${where}: "history" must be a list`, { file, column: 'history' });
    const entry: ReviewEntry = {
      proposal: proposalFromJson(e.proposal, where),
      state,
      edits: (e.edits ?? null) as ReviewEntry['edits'],
      history: e.history as ReviewEntry['history'],
      status: e.status === 'stale' ? 'stale' : 'current',
      first_seen: String(e.first_seen ?? ''),
      last_seen: String(e.last_seen ?? ''),
    };
    if (Array.isArray(e.supersedes)) entry.supersedes = e.supersedes.map(String);
    return entry;
  });
  return {
    format: 'finops-review-workspace',
    version: 1,
    updated_at: String(o.updated_at ?? ''),
    audit_seq: Number(o.audit_seq ?? 0),
    entries,
  };
}
