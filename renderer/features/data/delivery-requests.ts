/**
 * Picked or dropped files -> load requests, the way the CLI expands paths (src/ingest/node-folders.ts):
 * a folder is read by its export manifests (src/ingest/export-folders.ts: only each billing
 * period's latest delivery; superseded deliveries and files in no manifest are told, not loaded),
 * a zip archive gives one request per data member (src/ingest/zip.ts, each member read and checked).
 */
import type { HostFile } from '../../host/bridge';
import { folderSummary, isManifestName, planFolder } from '../../../src/ingest/export-folders';
import { isDataMember, isZip, listZip, readZipMember } from '../../../src/ingest/zip';
import { UserError } from '../../../src/model/errors';
import type { LoadRequest } from './load-queue';

export interface Expanded {
  requests: LoadRequest[];
  /** One line per delivery and per file left out, per folder. */
  lines: string[];
  /** Archives that could not be opened, with their one-line error. */
  failures: { name: string; error: UserError }[];
}

async function requestsOf(f: HostFile): Promise<LoadRequest[]> {
  const blob = await f.blob();
  const base: Omit<LoadRequest, 'name' | 'source'> = { origin: 'user', ref: f.ref, lastModified: f.lastModified };
  if (!isZip(new Uint8Array(await blob.slice(0, 4).arrayBuffer()))) return [{ ...base, name: f.name, source: { kind: 'blob', blob } }];
  const members = (await listZip(f.name, blob)).filter((m) => isDataMember(m.name));
  const out: LoadRequest[] = [];
  // Each member is read (and its checksum checked) here; a member that fails stops the archive with its one line.
  for (const m of members)
    out.push({ ...base, ref: null, name: `${f.name}/${m.name}`, source: { kind: 'buffer', data: await readZipMember(f.name, blob, m) } });
  return out;
}

export async function expandHostFiles(files: readonly HostFile[]): Promise<Expanded> {
  const out: Expanded = { requests: [], lines: [], failures: [] };
  const add = async (f: HostFile) => {
    try {
      out.requests.push(...(await requestsOf(f)));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      out.failures.push({ name: f.name, error: e });
    }
  };
  const folders = new Map<string, HostFile[]>();
  for (const f of files) {
    if (f.folder) folders.set(f.folder, [...(folders.get(f.folder) ?? []), f]);
    else await add(f);
  }
  for (const [folder, inFolder] of folders) {
    const rel = (f: HostFile) => f.name.slice(folder.length + 1);
    const manifests = new Map<string, string>();
    for (const f of inFolder) if (isManifestName(rel(f))) manifests.set(rel(f), await f.text());
    const plan = planFolder(
      inFolder.map((f) => ({ path: rel(f), lastModified: f.lastModified })),
      manifests,
    );
    out.lines.push(...folderSummary(folder, plan));
    const load = new Set(plan.load);
    for (const f of inFolder) if (load.has(rel(f))) await add(f);
  }
  return out;
}
