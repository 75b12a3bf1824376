/**
 * Which local files the renderer may read: only those the user chose (open dialog, drop, command
 * line, a workspace or recent entry the user opened). The renderer sends paths back as `ref`s;
 * main resolves each to its canonical real path and refuses anything not granted before.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, normalize } from 'node:path';

/** Extensions accepted when a path reaches main indirectly (drop, workspace file): data files only. */
export const DATA_EXTENSIONS: ReadonlySet<string> = new Set(['.csv', '.tsv', '.txt', '.json', '.jsonl', '.ndjson', '.parquet', '.xlsx', '.gz']);

export class PathRefusedError extends Error {
  constructor(path: string, why: string) {
    super(`File ${basename(path) || path} cannot be opened: ${why}`);
    this.name = 'PathRefusedError';
  }
}

export interface GuardFs {
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<{ isFile(): boolean; size: number; mtimeMs: number }>;
}

const nodeFs: GuardFs = { realpath: (p) => realpath(p), stat: (p) => stat(p) };

/** Rejects what is never a sane file reference, before touching the disk. */
export function checkPathShape(path: string): void {
  if (typeof path !== 'string' || path.length === 0) throw new PathRefusedError(String(path), 'empty path');
  if (path.includes('\0')) throw new PathRefusedError(path, 'NUL in path');
  if (!isAbsolute(path)) throw new PathRefusedError(path, 'not an absolute path');
  if (path.split(/[\\/]+/).includes('..')) throw new PathRefusedError(path, 'path contains ".."');
}

export class PathGuard {
  private readonly granted = new Set<string>();

  constructor(
    private readonly fs: GuardFs = nodeFs,
    private readonly caseInsensitive = process.platform === 'win32' || process.platform === 'darwin',
  ) {}

  private key(canonical: string): string {
    const n = normalize(canonical);
    return this.caseInsensitive ? n.toLowerCase() : n;
  }

  private async canonical(path: string): Promise<string> {
    checkPathShape(path);
    let real: string;
    try {
      real = await this.fs.realpath(path);
    } catch {
      throw new PathRefusedError(path, 'it does not exist');
    }
    const st = await this.fs.stat(real);
    if (!st.isFile()) throw new PathRefusedError(path, 'not a regular file');
    return real;
  }

  /** Grants a path the user chose directly (dialog, command line); returns its canonical path. */
  async grant(path: string): Promise<string> {
    const real = await this.canonical(path);
    this.granted.add(this.key(real));
    return real;
  }

  /** Grants a path that reached main indirectly (drop, workspace file): data files only. */
  async grantDataFile(path: string): Promise<string> {
    const ext = extname(path).toLowerCase();
    if (!DATA_EXTENSIONS.has(ext)) throw new PathRefusedError(path, `"${ext || 'no extension'}" is not a data file type`);
    return this.grant(path);
  }

  /** Returns the canonical path to read, or throws if the user never chose this file. */
  async check(path: string): Promise<string> {
    checkPathShape(path);
    const real = await this.canonical(path);
    if (!this.granted.has(this.key(real))) throw new PathRefusedError(path, 'it was not opened by the user');
    return real;
  }

  /** Synchronous membership test on an already-canonical path (workspace save). */
  isGranted(path: string): boolean {
    return this.granted.has(this.key(path));
  }
}
