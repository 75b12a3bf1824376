/** Files from the host (picked, dropped, reopened) -> the load queue, read by handle. */
import { getHostBridge, type HostFile } from '../../host/bridge';
import { enqueueLoads, type LoadRequest } from './load-queue';

async function requestFor(f: HostFile, replaces?: string): Promise<LoadRequest> {
  return { name: f.name, source: { kind: 'blob', blob: await f.blob() }, origin: 'user', ref: f.ref, lastModified: f.lastModified, replaces };
}

export async function openHostFiles(files: HostFile[]): Promise<void> {
  if (!files.length) return;
  await enqueueLoads(await Promise.all(files.map((f) => requestFor(f))));
}

const DATA_FILTERS = [{ name: 'Data files', extensions: ['csv', 'jsonl', 'ndjson', 'json', 'parquet', 'tsv', 'txt'] }];

/** The host's open dialog (or file input), then the load queue. */
export async function pickAndOpen(): Promise<void> {
  const picked = await getHostBridge().pickFiles({ title: 'Open cost, usage, ledger or price files', filters: DATA_FILTERS });
  await openHostFiles(picked);
}

/** Picks one file that replaces the loaded file `id` (all or nothing: the old one stays if the new one fails). */
export async function pickAndReplace(id: string, name: string): Promise<void> {
  const [picked] = await getHostBridge().pickFiles({ title: `Replace ${name} with`, filters: DATA_FILTERS, multiple: false });
  if (picked) await enqueueLoads([await requestFor(picked, id)]);
}
