/**
 * Child process for the crash test: opens a review workspace, approves one proposal, and hangs
 * between writing the temp file and renaming it; the parent SIGKILLs it there.
 */
import { NodeReviewStore } from '../../../src/proposals/node-review-store';
import { ReviewSession } from '../../../src/proposals/session';

const [file, id] = process.argv.slice(2);
const store = new NodeReviewStore(file, {
  rename: () =>
    new Promise<void>(() => {
      process.stdout.write('WRITTEN-NOT-RENAMED\n');
    }),
});
const session = await ReviewSession.open(store);
await session.decide({ proposal_id: id, action: 'approve', by: 'crash-test', at: '2026-04-02T10:00:00Z', reason: 'ok' });
process.stdout.write('UNREACHABLE\n');
