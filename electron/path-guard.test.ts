import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathGuard, PathRefusedError } from './path-guard.js';

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
