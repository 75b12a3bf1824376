import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OLD = JSON.stringify({ version: 1, state: 'old' });

describe('atomic workspace write', () => {
  it('replaces the file via a temporary file and a rename', async () => {
    const target = join(dir, 'ws.finops.json');
    writeFileSync(target, OLD);
    const calls: string[] = [];
    await writeFileAtomic(target, '{"state":"new"}', {
      open: (async (...a: Parameters<typeof open>) => {
        calls.push(`open ${String(a[0]).replace(dir, '')} ${String(a[1])}`);
        return open(...a);
      }) as typeof open,
      rename: async (from, to) => {
        calls.push(`rename ${String(from).replace(dir, '')} -> ${String(to).replace(dir, '')}`);
        return rename(from, to);
      },
      unlink,
    });
    expect(readFileSync(target, 'utf8')).toBe('{"state":"new"}');
    expect(calls[0]).toMatch(/^open \/\.ws\.finops\.json\.\d+\.[0-9a-f]+\.tmp wx$/);
    expect(calls[1]).toMatch(/^rename \/\.ws\.finops\.json\.\d+\.[0-9a-f]+\.tmp -> \/ws\.finops\.json$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the old file untouched and no temp file when writing fails', async () => {
    const target = join(dir, 'fail.finops.json');
    writeFileSync(target, OLD);
    const failingRename = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    await expect(writeFileAtomic(target, 'x'.repeat(1000), { open, rename: failingRename, unlink })).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(dir).filter((f) => f.startsWith('.fail'))).toEqual([]);
  });

  it('a process killed mid-save leaves the previous workspace intact', async () => {
    const target = join(dir, 'crash.finops.json');
    writeFileSync(target, OLD);
    const child = join(dir, 'crash-child.mjs');
    const module = fileURLToPath(new URL('./atomic-write.ts', import.meta.url));
    // The child writes 8 MB and is killed (SIGKILL, no cleanup) once the data is on disk in the
    // temporary file but before the rename. Bundled with esbuild so it starts as plain Node.
    await build({
      stdin: {
        contents: `import { open, unlink } from 'node:fs/promises';
import { writeFileAtomic } from ${JSON.stringify(module)};
const rename = () => { process.stdout.write('ready\\n'); return new Promise(() => setInterval(() => {}, 1000)); };
await writeFileAtomic(${JSON.stringify(target)}, 'y'.repeat(8 * 1024 * 1024), { open, rename, unlink });`,
        loader: 'ts',
        resolveDir: dir,
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: child,
      logLevel: 'silent',
    });
    const proc = spawn(process.execPath, [child], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      proc.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const exited = new Promise((r) => proc.on('exit', r));
    proc.kill('SIGKILL');
    await exited;
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    const leftovers = readdirSync(dir).filter((f) => f.startsWith('.crash.finops.json.'));
    expect(leftovers).toHaveLength(1); // the orphan temp file holds the unfinished save, the target does not
    expect(readFileSync(join(dir, leftovers[0]!)).length).toBe(8 * 1024 * 1024);
  });
});
