import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathGuard, PathRefusedError, type GuardFs } from './path-guard.js';

let dir: string;
const p = (...parts: string[]) => join(dir, ...parts);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guard-'));
  mkdirSync(p('data'));
  mkdirSync(p('secret'));
  writeFileSync(p('data', 'cur.csv'), 'a,b\n1,2\n');
  writeFileSync(p('data', 'other.csv'), 'x\n');
  writeFileSync(p('secret', 'id_rsa'), 'KEY');
  writeFileSync(p('secret', 'notes.csv'), 'private');
  symlinkSync(p('secret', 'id_rsa'), p('data', 'link.csv'));
  symlinkSync(p('secret', 'id_rsa'), p('data', 'innocent.csv'));
  symlinkSync(p('secret', 'notes.csv'), p('data', 'notes-link'));
  symlinkSync(p('secret'), p('data', 'dir.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('path guard', () => {
  it('lets the renderer read exactly the files the user picked', async () => {
    const g = new PathGuard();
    const canonical = await g.grant(p('data', 'cur.csv'));
    await expect(g.check(canonical)).resolves.toBe(canonical);
    await expect(g.check(p('data', 'other.csv'))).rejects.toThrow(/not opened by the user/);
    await expect(g.check(p('secret', 'id_rsa'))).rejects.toThrow(PathRefusedError);
  });

  it('refuses traversal, relative paths and NUL even when they name a granted file', async () => {
    const g = new PathGuard();
    await g.grant(p('data', 'cur.csv'));
    // (String concatenation: path.join would normalise the '..' away.)
    await expect(g.check(`${dir}/data/../data/cur.csv`)).rejects.toThrow(/"\.\."/);
    await expect(g.check(`${dir}/data/../secret/id_rsa`)).rejects.toThrow(/"\.\."/);
    await expect(g.check('data/cur.csv')).rejects.toThrow(/absolute/);
    await expect(g.check(`${p('data', 'cur.csv')}\0.png`)).rejects.toThrow(/NUL/);
  });

  it('follows symlinks to the real file before deciding', async () => {
    const g = new PathGuard();
    await g.grant(p('data', 'cur.csv'));
    // A link with a granted-looking name that points at an ungranted file stays refused.
    await expect(g.check(p('data', 'link.csv'))).rejects.toThrow(/not opened/);
    // Granting the link grants the file it points to, under its real path.
    const real = await g.grant(p('data', 'link.csv'));
    expect(real).toBe(await import('node:fs/promises').then((fs) => fs.realpath(p('secret', 'id_rsa'))));
  });

  it('accepts only data files when a path arrives indirectly (drop, workspace)', async () => {
    const g = new PathGuard();
    await expect(g.grantDataFile(p('secret', 'id_rsa'))).rejects.toThrow(/not a data file type/);
    await expect(g.grantDataFile(p('data', 'cur.csv'))).resolves.toMatch(/cur\.csv$/);
    await expect(g.grantDataFile(p('data'))).rejects.toThrow(/not a data file type/);
    await expect(g.grant(p('data'))).rejects.toThrow(/not a regular file/);
    await expect(g.grant(p('data', 'missing.csv'))).rejects.toThrow(/does not exist/);
  });
});

describe('path guard: real targets and path shapes', () => {
  it('judges a path that arrives indirectly on its real target, not on the link name', async () => {
    const g = new PathGuard();
    await expect(g.grantDataFile(p('data', 'innocent.csv'))).rejects.toThrow(/not a data file type \(it links to id_rsa\)/);
    await expect(g.check(p('secret', 'id_rsa'))).rejects.toThrow(/not opened/);
    await expect(g.grantDataFile(p('data', 'dir.csv'))).rejects.toThrow(/not a regular file/);
    // A link without a data name to a data file is granted as its target.
    await expect(g.grantDataFile(p('data', 'notes-link'))).resolves.toMatch(/secret[\\/]notes\.csv$/);
  });

  /** A file system that records every call: shape refusals must come before any of them. */
  function recordingFs(calls: string[], realpaths: Record<string, string> = {}): GuardFs {
    return {
      realpath: async (path) => (calls.push(`realpath ${path}`), realpaths[path] ?? path),
      stat: async (path) => (calls.push(`stat ${path}`), { isFile: () => true, size: 1, mtimeMs: 0 }),
    };
  }

  it.each([
    ['\\\\fileserver\\share\\cur.csv', /network \(UNC\) path/],
    ['//fileserver/share/cur.csv', /network \(UNC\) path/],
    ['\\\\.\\C:\\data\\cur.csv', /device path/],
    ['\\\\?\\C:\\data\\cur.csv', /device path/],
    ['\\\\?\\UNC\\host\\share\\cur.csv', /device path/],
    ['C:cur.csv', /not an absolute path/],
    ['cur.csv', /not an absolute path/],
  ])('refuses %s before touching the disk', async (path, why) => {
    for (const platform of ['linux', 'win32'] as const) {
      const calls: string[] = [];
      const g = new PathGuard(recordingFs(calls), false, platform);
      await expect(g.grant(path)).rejects.toThrow(why);
      await expect(g.grantDataFile(path)).rejects.toThrow(why);
      await expect(g.check(path)).rejects.toThrow(why);
      expect(calls).toEqual([]);
    }
  });

  it('takes drive paths on Windows and / paths elsewhere only', async () => {
    const calls: string[] = [];
    await expect(new PathGuard(recordingFs(calls), true, 'win32').grant('C:\\data\\cur.csv')).resolves.toBe('C:\\data\\cur.csv');
    await expect(new PathGuard(recordingFs(calls), true, 'win32').grant('/data/cur.csv')).rejects.toThrow(/not an absolute path/);
    await expect(new PathGuard(recordingFs(calls), false, 'linux').grant('C:\\data\\cur.csv')).rejects.toThrow(/not an absolute path/);
    expect(calls).toEqual(['realpath C:\\data\\cur.csv', 'stat C:\\data\\cur.csv']);
  });

  it('refuses a link whose target is a share', async () => {
    const calls: string[] = [];
    const g = new PathGuard(recordingFs(calls, { 'C:\\data\\cur.csv': '\\\\host\\share\\cur.csv' }), true, 'win32');
    await expect(g.grantDataFile('C:\\data\\cur.csv')).rejects.toThrow(/links to a network \(UNC\) path/);
    expect(calls).toEqual(['realpath C:\\data\\cur.csv']);
  });
});
