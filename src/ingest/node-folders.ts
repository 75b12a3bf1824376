/**
 * Node edge of export folders and archives: the paths given on the command line -> the files to
 * load. A directory is listed recursively and planned by its manifests (export-folders.ts); a zip
 * archive gives one input per data member (zip.ts), read by range from the archive on disk.
 */
import { openAsBlob } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadFileInput } from './pipeline';
import type { Engine } from '../engine/engine';
import { openLocalFile, readHead } from './node-files';
import { isManifestName, planFolder, type FolderEntry, type FolderPlan } from './export-folders';
import { HEAD_BYTES } from './text';
import { isDataMember, isZip, listZip, readZipMember } from './zip';

export type OpenedInput = Pick<LoadFileInput, 'name' | 'source' | 'head' | 'blob'>;

/** One file to load: its display name and how to open it (errors surface when it is opened). */
export interface LocalInput {
  name: string;
  lastModified: number;
  /** The engine it opens for decides how (native DuckDB reads JSON and Parquet by path). */
  open(engine?: Pick<Engine, 'nativeReaders'>): Promise<OpenedInput>;
}

export interface LocalFolder {
  folder: string;
  plan: FolderPlan;
}

/** Every file below `dir` ('/'-separated relative paths), hidden files and folders left out. */
async function listFolder(dir: string): Promise<FolderEntry[]> {
  const out: FolderEntry[] = [];
  const walk = async (rel: string) => {
    const items = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const it of items.sort((a, b) => a.name.localeCompare(b.name))) {
      if (it.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${it.name}` : it.name;
      if (it.isDirectory()) await walk(r);
      else if (it.isFile()) out.push({ path: r, lastModified: (await stat(path.join(dir, r))).mtimeMs });
    }
  };
  await walk('');
  return out;
}

/** A file on disk -> its inputs: the data members of a zip archive, else the file itself. */
async function inputsOfFile(file: string, name: string, lastModified: number): Promise<LocalInput[]> {
  const head = await readHead(file, 4).catch(() => new Uint8Array(0));
  if (!isZip(head)) return [{ name, lastModified, open: (engine) => openLocalFile(file, name, engine) }];
  const blob = await openAsBlob(file);
  const listed = await listZip(name, blob).catch((e: unknown) => e as Error);
  // A damaged archive is one input that fails with its one-line error, so the other paths still load.
  if (listed instanceof Error) return [{ name, lastModified, open: () => Promise.reject(listed) }];
  const members = listed.filter((m) => isDataMember(m.name));
  return members.map((m) => ({
    name: `${name}/${m.name}`,
    lastModified,
    async open() {
      const data = await readZipMember(name, blob, m);
      return { name: `${name}/${m.name}`, source: { kind: 'buffer', data }, head: data.subarray(0, HEAD_BYTES) };
    },
  }));
}

/**
 * The inputs behind command-line paths: files as they are (zip archives by member), folders by
 * their manifests (only the current delivery of each billing period). Names are the paths as
 * given (folder files: `folder/relative/path`), or start from the base name with `baseNames`.
 */
export async function expandLocalPaths(
  paths: readonly string[],
  opts: { baseNames?: boolean } = {},
): Promise<{ inputs: LocalInput[]; folders: LocalFolder[] }> {
  const inputs: LocalInput[] = [];
  const folders: LocalFolder[] = [];
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    const shown = opts.baseNames ? path.basename(p) : p.replace(/\/+$/, '');
    if (!st?.isDirectory()) {
      inputs.push(
        ...(st
          ? await inputsOfFile(p, shown, st.mtimeMs)
          : [{ name: shown, lastModified: 0, open: (engine?: Pick<Engine, 'nativeReaders'>) => openLocalFile(p, shown, engine) }]),
      );
      continue;
    }
    const entries = await listFolder(p);
    const manifests = new Map<string, string>();
    for (const e of entries) if (isManifestName(e.path)) manifests.set(e.path, await readFile(path.join(p, e.path), 'utf8'));
    const plan = planFolder(entries, manifests);
    folders.push({ folder: p, plan });
    const time = new Map(entries.map((e) => [e.path, e.lastModified]));
    for (const f of plan.load) inputs.push(...(await inputsOfFile(path.join(p, f), `${shown}/${f}`, time.get(f) ?? 0)));
  }
  return { inputs, folders };
}
