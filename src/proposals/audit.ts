/**
 * The append-only audit log: one JSON object per line, each chained to the previous line's hash,
 * so a removed or altered line is detectable. Decisions carry everything needed to replay them.
 */
import * as v from 'valibot';
import { UserError } from '../model/errors';
import { canonicalJson, sha256Hex } from './hash';
import type { Decision } from './review';

export type AuditPayload =
  | ({ type: 'decision' } & Decision)
  | { type: 'merge'; at: string; by: string; added: number; kept: number; stale: number }
  /** The workspace was replaced by a saved one (an app workspace opened); later decisions apply to it. */
  | { type: 'restore'; at: string; by: string; source: string; entries: number };

export type AuditEntry = AuditPayload & { seq: number; prev_hash: string; hash: string };

export const GENESIS_HASH = '0'.repeat(64);

export function chainEntry(prev: { seq: number; hash: string } | null, payload: AuditPayload): AuditEntry {
  const body = { ...payload, seq: (prev?.seq ?? 0) + 1, prev_hash: prev?.hash ?? GENESIS_HASH };
  return { ...body, hash: sha256Hex(canonicalJson(body)) };
}

export function auditLine(e: AuditEntry): string {
  return JSON.stringify(e) + '\n';
}

const HASH = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

/** The shape every line must have before its hash is checked: decisions are replayed from it. */
const auditLineSchema = v.intersect([
  v.looseObject({ seq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)), prev_hash: HASH, hash: HASH }),
  v.variant('type', [
    v.looseObject({
      type: v.literal('decision'),
      proposal_id: v.string(),
      action: v.picklist(['approve', 'reject', 'edit', 'reopen']),
      by: v.string(),
      at: v.string(),
      reason: v.string(),
    }),
    v.looseObject({ type: v.literal('merge'), at: v.string(), by: v.string(), added: v.number(), kept: v.number(), stale: v.number() }),
    v.looseObject({ type: v.literal('restore'), at: v.string(), by: v.string(), source: v.string(), entries: v.number() }),
  ]),
]);

/** A well-formed entry and the 1-based line of the log it stands on. */
export interface AuditLine {
  line: number;
  entry: AuditEntry;
}

/** Where and why a chain stops verifying. */
export interface AuditBreak {
  line: number;
  /** The entry number the line claims, when it has one. */
  seq: number | null;
  problem: string;
}

export interface AuditCheck {
  /** Every line of entry shape, in file order (a broken one included, so it can be shown). */
  lines: AuditLine[];
  /** Entries that verify, from the first up to the break. */
  verified: number;
  /** The first place the chain breaks, or null when every entry links to the one before it. */
  broken: AuditBreak | null;
}

/**
 * Verifies a JSONL audit log entry by entry: each line's hash over its own content, its sequence
 * number and its link to the entry before. A torn line (crash mid-append) is skipped: it never
 * entered the chain, so the next entry links to the one before it.
 */
export function checkAuditLog(text: string): AuditCheck {
  const lines = text.split('\n');
  const out: AuditLine[] = [];
  let prev: AuditEntry | null = null;
  let verified = 0;
  let broken: AuditBreak | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue; // torn by an interrupted append; the chain check below catches anything else
    }
    // A line of another shape cannot be one we chained: it breaks the chain like an edit does.
    const parsed = v.safeParse(auditLineSchema, raw);
    const e = parsed.success ? (raw as AuditEntry) : null;
    if (e) out.push({ line: i + 1, entry: e });
    if (broken) continue;
    const seq = e ? e.seq : typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : null;
    const want = (prev?.seq ?? 0) + 1;
    let problem: string | null = null;
    if (!e) problem = 'the line is not an audit entry (a field is missing or of the wrong type)';
    else {
      const { hash, ...body } = e;
      if (sha256Hex(canonicalJson(body)) !== hash) problem = 'its content does not match its hash: the entry was edited';
      else if (e.seq !== want) problem = `it is entry ${e.seq} where entry ${want} was due: entries were removed, inserted or reordered`;
      else if (e.prev_hash !== (prev?.hash ?? GENESIS_HASH))
        problem = 'it does not link to the entry before it (prev_hash differs): an earlier entry was replaced';
    }
    if (problem) {
      broken = { line: i + 1, seq, problem };
      continue;
    }
    prev = e;
    verified++;
  }
  return { lines: out, verified, broken };
}

/**
 * The log against the chain head a review workspace recorded: a log that lost its last lines, or
 * was rewritten and re-grown, no longer holds the entry the workspace applied last.
 */
export function checkAuditHead(check: AuditCheck, head: { audit_seq: number; audit_hash?: string }): AuditBreak | null {
  if (head.audit_seq === 0) return null;
  const at = check.lines.find((l) => l.entry.seq === head.audit_seq);
  if (!at) {
    const last = check.lines.at(-1);
    return {
      line: (last?.line ?? 0) + 1,
      seq: head.audit_seq,
      problem: `the log ends at entry ${last?.entry.seq ?? 0} but the review has applied entry ${head.audit_seq}: its last lines were removed`,
    };
  }
  if (head.audit_hash && at.entry.hash !== head.audit_hash) {
    return {
      line: at.line,
      seq: head.audit_seq,
      problem: `entry ${head.audit_seq} is not the one the review applied (its hash differs): the log was rewritten`,
    };
  }
  return null;
}

/** Parses a JSONL audit log and verifies its chain; any broken link or hash is an error naming the line. */
export function parseAuditLog(text: string, file: string): AuditEntry[] {
  const check = checkAuditLog(text);
  if (check.broken) {
    throw new UserError(`${file}: audit line ${check.broken.line} breaks the hash chain (edited or removed lines)`, {
      file,
      row: check.broken.line,
      expected: 'an unaltered append-only log',
    });
  }
  return check.lines.map((l) => l.entry);
}
