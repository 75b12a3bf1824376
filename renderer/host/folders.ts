/**
 * Folders the user picks (a directory file input) or drops on the window, for both hosts: every
 * file below it as a HostFile named by its path from the folder (`folder/sub/part_0_0001.csv.gz`)
 * with `folder` set, so the Data screen can read the folder's export manifests. Read in the
 * renderer (Chromium's directory input and drop entries): no IPC, no path; such files are not reopened.
 */
import type { HostFile } from './bridge-types';

/** A File the renderer holds (picked in the browser, dropped, in a folder): reads need no IPC; `ref` is its path when the host knows it. */
export function domHostFile(file: File, ref: string | null = null): HostFile {
  return {
    name: file.name,
    size: file.size,
    lastModified: file.lastModified,
    ref,
    blob: async () => file,
    bytes: async () => new Uint8Array(await file.arrayBuffer()),
    text: () => file.text(),
  };
}

/** A file of a folder, named by its path from the folder's parent. */
export function folderFile(file: File, folder: string, path: string): HostFile {
  return { ...domHostFile(file), name: path, folder };
}

/** Opens the folder chooser (a directory file input); [] when cancelled. */
export function chooseFolder(doc: Document): Promise<HostFile[]> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.webkitdirectory = true;
    input.style.display = 'none';
    const done = (files: HostFile[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () =>
      done(Array.from(input.files ?? []).map((f) => folderFile(f, (f.webkitRelativePath || f.name).split('/')[0], f.webkitRelativePath || f.name))),
    );
    input.addEventListener('cancel', () => done([]));
    doc.body.append(input);
    input.click();
  });
}

function readEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries returns the entries in batches (Chromium: 100 at a time) until an empty one.
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

/** Every file below a dropped directory entry, with its path from the folder's parent. */
export async function filesOfEntry(entry: FileSystemDirectoryEntry): Promise<HostFile[]> {
  const out: HostFile[] = [];
  const walk = async (e: FileSystemEntry, path: string): Promise<void> => {
    if (e.name.startsWith('.')) return;
    if (e.isFile) {
      const file = await new Promise<File>((resolve, reject) => (e as FileSystemFileEntry).file(resolve, reject));
      out.push(folderFile(file, entry.name, path));
    } else if (e.isDirectory) {
      for (const child of await readEntries(e as FileSystemDirectoryEntry)) await walk(child, `${path}/${child.name}`);
    }
  };
  await walk(entry, entry.name);
  return out;
}
