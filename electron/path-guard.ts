/**
 * Which local files the renderer may read: only those the user chose in this session (open dialog,
 * drop, command line, Open Recent, or a workspace's files the user confirmed reopening). The
 * renderer sends paths back as `ref`s; main resolves each to its canonical real path (symlinks
 * followed) and refuses anything not granted before.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, extname, normalize } from 'node:path';
import { localPathProblem } from '../src/host/ipc-contract.js';

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

/**
 * Rejects what is never a sane local file reference, before touching the disk: UNC and device
 * paths, relative paths, `..`, NUL; on Windows only drive paths, elsewhere only `/…` paths.
 */
export function checkPathShape(path: string, platform: NodeJS.Platform = process.platform): void {
  if (typeof path !== 'string' || path.length === 0) throw new PathRefusedError(String(path), 'empty path');
  if (path.includes('\0')) throw new PathRefusedError(path, 'NUL in path');
  const problem = localPathProblem(path);
  if (problem) throw new PathRefusedError(path, problem);
  if ((platform === 'win32') !== /^[A-Za-z]:/.test(path)) throw new PathRefusedError(path, 'not an absolute path');
}

export class PathGuard {
  private readonly granted = new Set<string>();
  /** Told every path granted (canonical): the native engine's process reads only these (engine-process.ts). */
  onGranted: (path: string) => void = () => undefined;

  constructor(
    private readonly fs: GuardFs = nodeFs,
    private readonly caseInsensitive = process.platform === 'win32' || process.platform === 'darwin',
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  private key(canonical: string): string {
    const n = normalize(canonical);
    return this.caseInsensitive ? n.toLowerCase() : n;
  }

  /** The real path (symlinks resolved), which must itself be a local path to a regular file. */
  private async canonical(path: string): Promise<string> {
    checkPathShape(path, this.platform);
    let real: string;
    try {
      real = await this.fs.realpath(path);
    } catch {
      throw new PathRefusedError(path, 'it does not exist');
    }
    // A link may point at a share or device: the target passes the same shape rule.
    const problem = localPathProblem(real);
    if (problem) throw new PathRefusedError(path, `it links to ${problem}`);
    const st = await this.fs.stat(real).catch(() => null);
    if (!st || !st.isFile()) throw new PathRefusedError(path, 'not a regular file');
    return real;
  }

  /** Grants a path the user chose directly (dialog, command line); returns its canonical path. */
  async grant(path: string): Promise<string> {
    const real = await this.canonical(path);
    this.granted.add(this.key(real));
    this.onGranted(real);
    return real;
  }

  /**
   * Grants a path that reached main indirectly (drop, a workspace's files, recent list): data files
   * only, judged on the real target's name, so `innocent.csv` linking to `~/.ssh/id_rsa` is refused.
   */
  async grantDataFile(path: string): Promise<string> {
    const real = await this.canonical(path).catch((e: unknown) => {
      // A directory or a missing path reports its (non-)type first, as before.
      const ext = extname(path).toLowerCase();
      if (!DATA_EXTENSIONS.has(ext)) throw new PathRefusedError(path, `"${ext || 'no extension'}" is not a data file type`);
      throw e;
    });
    const ext = extname(real).toLowerCase();
    if (!DATA_EXTENSIONS.has(ext)) {
      const via = real === path ? '' : ` (it links to ${basename(real)})`;
      throw new PathRefusedError(path, `"${ext || 'no extension'}" is not a data file type${via}`);
    }
    this.granted.add(this.key(real));
    this.onGranted(real);
    return real;
  }

  /** Returns the canonical path to read, or throws if the user never chose this file. */
  async check(path: string): Promise<string> {
    const real = await this.canonical(path);
    if (!this.granted.has(this.key(real))) throw new PathRefusedError(path, 'it was not opened by the user');
    return real;
  }

  /** Synchronous membership test on an already-canonical path (workspace save). */
  isGranted(path: string): boolean {
    return this.granted.has(this.key(path));
  }
}
