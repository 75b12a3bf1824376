import { describe, expect, it } from 'vitest';
import { IpcValidationError, makeWorkspace, parseWorkspace, validateArgs, type InvokeChannel } from '../../../src/host/ipc-contract';

const ok = (channel: InvokeChannel, ...args: unknown[]) => expect(() => validateArgs(channel, args)).not.toThrow();
const bad = (channel: InvokeChannel, ...args: unknown[]) => expect(() => validateArgs(channel, args)).toThrow(IpcValidationError);

describe('IPC argument validation', () => {
  it('accepts well-formed calls', () => {
    ok('files:pick', {});
    ok('files:pick', { title: 'Open', multiple: false, filters: [{ name: 'CSV', extensions: ['csv', 'gz'] }] });
    ok('files:read', '/home/ana/data/cur.csv', 0, 1024);
    ok('files:read', 'C:\\Users\\ana\\cur.csv', 16 * 1024 * 1024, 16 * 1024 * 1024);
    ok('files:dropped', ['/tmp/a.csv', '/tmp/b.parquet']);
    ok('files:save', { suggestedName: 'proposals 2026-01.csv', data: 'a,b\n' });
    ok('files:save', { suggestedName: 'p.xlsx', data: new Uint8Array([1, 2]) });
    ok('workspace:save', { workspace: makeWorkspace([{ name: 'a.csv', ref: '/tmp/a.csv' }], { f: [1, 'x', null] }), saveAs: true });
    ok('theme:set', 'dark');
    ok('recent:list');
  });

  it('rejects unknown channels and wrong argument counts', () => {
    expect(() => validateArgs('shell:exec' as InvokeChannel, [])).toThrow(/unknown channel/);
    expect(() => validateArgs('__proto__' as InvokeChannel, [])).toThrow(/unknown channel/);
    bad('files:read');
    bad('files:read', '/tmp/a.csv');
    bad('files:read', '/tmp/a.csv', '/tmp/b.csv', 1);
    bad('recent:list', 'extra');
  });

  it('rejects paths that are not absolute or carry NUL', () => {
    bad('files:read', 'data/a.csv', 0, 10);
    bad('files:read', '../../etc/passwd', 0, 10);
    bad('files:read', '/tmp/a.csv\0.png', 0, 10);
    bad('files:read', '', 0, 10);
    bad('files:read', 42, 0, 10);
    bad('files:read', { path: '/tmp/a.csv' }, 0, 10);
    bad('files:read', '/tmp/a.csv', -1, 10);
    bad('files:read', '/tmp/a.csv', 0, 0);
    bad('files:read', '/tmp/a.csv', 0, 16 * 1024 * 1024 + 1);
    bad('files:read', '/tmp/a.csv', '0', 10);
    bad('files:dropped', '/tmp/a.csv');
    bad('files:dropped', ['/tmp/a.csv', 'relative.csv']);
  });

  it('rejects save names that are paths or invalid file names', () => {
    for (const suggestedName of ['../evil.sh', '/etc/cron.d/x', 'a\\b.csv', '..', 'con:', 'a\nb.csv', ''])
      bad('files:save', { suggestedName, data: 'x' });
    bad('files:save', { suggestedName: 'a.csv', data: 12 });
    bad('files:save', { suggestedName: 'a.csv', data: [1, 2] });
  });

  it('rejects unexpected fields, wrong types and non-plain objects', () => {
    bad('files:pick', { title: 'x', defaultPath: '/etc' });
    bad('files:pick', { multiple: 'yes' });
    bad('files:pick', { filters: [{ name: 'x', extensions: ['csv;rm -rf'] }] });
    bad('files:pick', null);
    bad('files:pick', []);
    bad('files:pick', new (class Opts {})());
    bad('theme:set', 'solarized');
    bad('workspace:save', { workspace: makeWorkspace([], null), saveAs: 'true' });
    expect(() => validateArgs('files:pick', [{ title: 'x', defaultPath: '/etc' }])).toThrow(
      'IPC files:pick: arg0.defaultPath: expected no such field',
    );
    expect(() => validateArgs('files:read', ['/tmp/a.csv', 0, 0])).toThrow('IPC files:read: arg2: expected an integer from 1 to 16777216');
  });

  it('rejects workspaces that are not JSON or not this format', () => {
    const ws = makeWorkspace([], null);
    bad('workspace:save', { workspace: { ...ws, format: 'other' }, saveAs: false });
    bad('workspace:save', { workspace: { ...ws, version: 2 }, saveAs: false });
    bad('workspace:save', { workspace: { ...ws, state: { n: Number.NaN } }, saveAs: false });
    bad('workspace:save', { workspace: { ...ws, state: { d: new Date() } }, saveAs: false });
    bad('workspace:save', { workspace: { ...ws, files: [{ name: 'a.csv', ref: 'relative.csv' }] }, saveAs: false });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    bad('workspace:save', { workspace: { ...ws, state: deep }, saveAs: false });
  });

  it('parses a workspace read back from disk and explains a bad one', () => {
    const ws = makeWorkspace([{ name: 'a.csv', ref: null, size: 10 }], { filters: { sku: 'x' } });
    expect(parseWorkspace(JSON.parse(JSON.stringify(ws)))).toEqual(ws);
    expect(() => parseWorkspace({ hello: 1 })).toThrow(/Not a readable FinOps Workbench workspace/);
    expect(() => parseWorkspace({ ...ws, state: { n: [1, Number.NaN] } })).toThrow(
      'Not a readable FinOps Workbench workspace: workspace.state.n.1: expected a finite number',
    );
  });
});
