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

/**
 * Parses a JSONL audit log and verifies its chain. A torn line (crash mid-append) is skipped:
 * it never entered the chain, so the next entry links to the one before it. Any other broken
 * link or hash is an error naming the line (an edited or removed entry breaks the chain).
 */
export function parseAuditLog(text: string, file: string): AuditEntry[] {
  const lines = text.split('\n');
  const out: AuditEntry[] = [];
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
    const prev = out[out.length - 1];
    const { hash, ...body } = e ?? { hash: '' };
    if (!e || e.prev_hash !== (prev?.hash ?? GENESIS_HASH) || e.seq !== (prev?.seq ?? 0) + 1 || sha256Hex(canonicalJson(body)) !== hash) {
      throw new UserError(`${file}: audit line ${i + 1} breaks the hash chain (edited or removed lines)`, {
        file,
        row: i + 1,
        expected: 'an unaltered append-only log',
      });
    }
    out.push(e);
  }
  return out;
}
