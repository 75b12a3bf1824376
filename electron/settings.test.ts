import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addRecent, MAX_RECENT, parseSettings, SettingsStore } from './settings.js';

const dir = mkdtempSync(join(tmpdir(), 'settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('settings', () => {
  it('keeps recent files newest first, without duplicates, capped', () => {
    const t = new Date('2026-01-02T03:04:05Z');
    let list = addRecent([], ['/d/a.csv', '/d/b.csv'], t);
    list = addRecent(list, ['/d/a.csv'], t);
    expect(list.map((r) => r.ref)).toEqual(['/d/a.csv', '/d/b.csv']);
    expect(list[0]).toEqual({ name: 'a.csv', ref: '/d/a.csv', openedAt: '2026-01-02T03:04:05.000Z' });
    for (let i = 0; i < 20; i++) list = addRecent(list, [`/d/${i}.csv`]);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]!.ref).toBe('/d/19.csv');
  });

  it('reads corrupt or foreign settings as defaults instead of failing to start', async () => {
    expect(parseSettings({ theme: 'neon', recent: [{ name: 1 }, { name: 'a', ref: '/a', openedAt: 'x' }], window: 'big' })).toEqual({
      theme: 'system',
      recent: [{ name: 'a', ref: '/a', openedAt: 'x' }],
      lastWorkspace: null,
      window: null,
    });
    expect(parseSettings({ theme: 'dark' })).toEqual({ theme: 'dark', recent: [], lastWorkspace: null, window: null });
    expect(parseSettings([1]).theme).toBe('system');
    expect(parseSettings({ window: { bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: true } }).window).toEqual({
      bounds: { x: 1, y: 2, width: 3, height: 4 },
      maximized: true,
    });
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"theme": "dark", ');
    expect((await new SettingsStore(file).load()).theme).toBe('system');
  });

  it('persists every change, the last one winning', async () => {
    const file = join(dir, 'settings.json');
    const store = new SettingsStore(file);
    await store.load();
    void store.update({ theme: 'light' });
    void store.update({ theme: 'dark', lastWorkspace: '/w/q1.finops.json' });
    await store.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ theme: 'dark', lastWorkspace: '/w/q1.finops.json' });
    expect((await new SettingsStore(file).load()).theme).toBe('dark');
  });
});
