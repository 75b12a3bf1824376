/** Node edge: reading proposals.json and a review workspace from disk, writing export files. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { UserError } from '../model/errors';
import type { Proposal } from './model';
import { resolvePolicy, type Policy } from './policy';
import { NodeReviewStore } from './node-review-store';
import { processAlive } from './node-workspace-lock';
import { mergeAnalysis, reviewedProposals, unreviewed, type ReviewedProposal } from './review';
import { parseProposalsDocument } from './serialize';
import { ReviewSession } from './session';

export async function readProposalsFile(file: string): Promise<Proposal[]> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read (${(e as Error).message})`, { file, expected: 'a proposals.json file' });
  }
  return parseProposalsDocument(text, file);
}

/** A proposals policy file (JSON, see policy.ts), validated; thresholds as decimal strings. */
export async function readPolicyFile(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read (${(e as Error).message})`, { file, expected: 'a policy JSON file' });
  }
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`, { file, expected: 'a policy JSON file' });
  }
  return resolvePolicy(o as Partial<Policy>, file); // the schema rejects anything but a JSON object of settings
}

/**
 * The proposals with their review state from a workspace, without changing the workspace:
 * the merge happens in memory (a decision on a proposal the file no longer has is not exported).
 */
export async function reviewedFromWorkspace(proposals: Proposal[], workspace?: string): Promise<ReviewedProposal[]> {
  if (!workspace) return unreviewed(proposals);
  const store = new NodeReviewStore(workspace);
  // A lost workspace file whose audit log survived is rebuilt from the log and these proposals.
  const present = await Promise.all(
    [workspace, store.auditPath].map((f) =>
      fsp.access(f).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (!present.includes(true)) throw new UserError(`${workspace}: workspace file not found`, { file: workspace, expected: 'a review workspace' });
  const session = await ReviewSession.open(store, { proposals });
  return reviewedProposals(mergeAnalysis(session.workspace, proposals, new Date().toISOString()).workspace);
}

/** Writes an output file via a temp file and rename, so a failed export never leaves half a file. */
export async function writeOutputFile(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await fsp.mkdir(dir, { recursive: true });
  const base = path.basename(file);
  // A run killed mid-write left `.<name>.<pid>.tmp`: removed once its process is gone.
  for (const n of await fsp.readdir(dir)) {
    const pid = n.startsWith(`.${base}.`) && /^\.(\d+)\.tmp$/.exec(n.slice(base.length + 1))?.[1];
    if (pid && Number(pid) !== process.pid && !processAlive(Number(pid))) await fsp.rm(path.join(dir, n), { force: true });
  }
  const tmp = path.join(dir, `.${base}.${process.pid}.tmp`);
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}
