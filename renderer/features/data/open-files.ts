/** Files from the host (picked, dropped, reopened) -> the load queue, read by handle. */
import { getHostBridge, type HostFile } from '../../host/bridge';
import { enqueueLoads, notify, reportFailure, type LoadRequest } from './load-queue';
import { setState } from '../../app/store';
import { expandHostFiles } from './delivery-requests';
import { offerNativeFor } from '../../engine/engine-choice';

async function requestFor(f: HostFile, replaces?: string): Promise<LoadRequest> {
  return { name: f.name, source: { kind: 'blob', blob: await f.blob() }, origin: 'user', ref: f.ref, lastModified: f.lastModified, replaces };
}

/** Picked, dropped or reopened files: folders by their manifests, zip archives by member (delivery-requests.ts). */
export async function openHostFiles(files: HostFile[]): Promise<void> {
  if (!files.length) return;
  try {
    offerNativeFor(files);
    const { requests, lines, failures } = await expandHostFiles(files);
    for (const line of lines) notify('folder', line);
    for (const f of failures) reportFailure(f.name, f.error);
    await enqueueLoads(requests);
  } finally {
    pickHandled();
  }
}

/** Counts a pick as handled (loaded, refused, a duplicate or cancelled): tests and the measuring script wait on it. */
function pickHandled(): void {
  setState((s) => ({ picksHandled: s.picksHandled + 1 }));
}

const DATA_FILTERS = [{ name: 'Data files', extensions: ['csv', 'jsonl', 'ndjson', 'json', 'parquet', 'tsv', 'txt', 'gz', 'zip'] }];

/** The host's folder chooser (an export delivery), then the load queue. */
export async function pickFolderAndOpen(): Promise<void> {
  await openHostFiles(await getHostBridge().pickFolder());
}

/** The host's open dialog (or file input), then the load queue. */
export async function pickAndOpen(): Promise<void> {
  const picked = await getHostBridge().pickFiles({ title: 'Open cost, usage, ledger or price files', filters: DATA_FILTERS });
  await openHostFiles(picked);
}

/** Picks one file that replaces the loaded file `id` (all or nothing: the old one stays if the new one fails). */
export async function pickAndReplace(id: string, name: string): Promise<void> {
  const [picked] = await getHostBridge().pickFiles({ title: `Replace ${name} with`, filters: DATA_FILTERS, multiple: false });
  if (!picked) return;
  try {
    await enqueueLoads([await requestFor(picked, id)]);
  } finally {
    pickHandled();
  }
}
