import type { HostFile } from './bridge-types';
import { filesOfEntry } from './folders';

/**
 * Drag-and-drop of files onto the window, shared by both hosts. Without preventDefault on
 * dragover/drop, Chromium would navigate to the dropped file (and Electron's main process denies
 * every navigation), so the whole window is a drop target.
 */
export function listenForDroppedFiles(target: Window, onFiles: (files: File[]) => void, onFolder?: (files: HostFile[]) => void): () => void {
  const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
  const over = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const drop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    // A dropped folder arrives as an entry to walk (its File stands for the directory and cannot be read).
    const entries = Array.from(e.dataTransfer?.items ?? []).map((i) => (i.kind === 'file' ? i.webkitGetAsEntry() : null));
    const folders = entries.filter((x): x is FileSystemDirectoryEntry => !!x?.isDirectory);
    const files = Array.from(e.dataTransfer?.files ?? []).filter((f) => !folders.some((d) => d.name === f.name));
    if (files.length > 0) onFiles(files);
    for (const d of folders) if (onFolder) void filesOfEntry(d).then(onFolder);
  };
  target.addEventListener('dragover', over);
  target.addEventListener('drop', drop);
  return () => {
    target.removeEventListener('dragover', over);
    target.removeEventListener('drop', drop);
  };
}

/** A tiny typed event emitter for the bridges' callbacks. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(cb: (value: T) => void): () => void {
    this.set.add(cb);
    return () => this.set.delete(cb);
  }
  emit(value: T): void {
    for (const cb of this.set) cb(value);
  }
  get size(): number {
    return this.set.size;
  }
}
