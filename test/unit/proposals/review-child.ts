/**
 * Child process for the concurrency test: one reviewer working on its own proposal for many
 * rounds, each round a fresh session over the shared workspace (like one `finops review` run),
 * alternately approving and reopening, from a common start time. Prints `ACK <by>#<round>` once a decision is acknowledged.
 */
import { NodeReviewStore } from '../../../src/proposals/node-review-store';
import { ReviewSession } from '../../../src/proposals/session';

const [file, by, id, rounds, startAt] = process.argv.slice(2);
// All reviewers start together (after their slow module load), so their rounds overlap.
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
for (let r = 0; r < Number(rounds); r++) {
  const session = await ReviewSession.open(new NodeReviewStore(file, undefined, { waitMs: 30_000 }));
  const reason = `${by}#${r}`;
  await session.decide({ proposal_id: id, action: r % 2 === 0 ? 'approve' : 'reopen', by, at: new Date().toISOString(), reason });
  process.stdout.write(`ACK ${reason}\n`);
}
