/** Files from the host (picked, dropped, reopened) -> the load queue, read by handle. */
import { getHostBridge, type HostFile } from '../../host/bridge';
import { enqueueLoads } from './load-queue';

export async function openHostFiles(files: HostFile[]): Promise<void> {
  if (!files.length) return;
  const reqs = await Promise.all(
    files.map(async (f) => ({ name: f.name, source: { kind: 'blob' as const, blob: await f.blob() }, origin: 'user' as const, ref: f.ref })),
  );
  await enqueueLoads(reqs);
}

/** The host's open dialog (or file input), then the load queue. */
export async function pickAndOpen(): Promise<void> {
  const picked = await getHostBridge().pickFiles({
    title: 'Open cost, usage, ledger or price files',
    filters: [{ name: 'Data files', extensions: ['csv', 'jsonl', 'ndjson', 'json', 'parquet', 'tsv', 'txt'] }],
  });
  await openHostFiles(picked);
}
