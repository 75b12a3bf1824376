import { describe, expect, it } from 'vitest';
import { EngineProcess, type UtilityLike } from './engine-process.js';
import { ENGINE_PORT_CHANNEL, isEngineControl } from '../src/host/engine-port.js';

function fakes() {
  const forks: { entry: string; sent: [unknown, unknown[] | undefined][]; exit?: (code: number) => void; killed: boolean }[] = [];
  const deps = {
    fork(entry: string): UtilityLike {
      const f = { entry, sent: [] as [unknown, unknown[] | undefined][], exit: undefined as ((code: number) => void) | undefined, killed: false };
      forks.push(f);
      return {
        postMessage: (m, t) => void f.sent.push([m, t]),
        on: (_e, l) => (f.exit = l),
        kill: () => (f.killed = true),
      };
    },
    channel: () => ({ port1: { end: 'engine' }, port2: { end: 'page' } }),
  };
  return { forks, deps };
}

describe('native engine utility process (main side)', () => {
  it('forks once, on the first page that connects, and pairs each page with it by a port', () => {
    const { forks, deps } = fakes();
    const engine = new EngineProcess(deps, '/app/engine-utility.mjs');
    expect(forks).toHaveLength(0);
    const page: [string, unknown, unknown[]][] = [];
    engine.connect({ postMessage: (c, m, t) => void page.push([c, m, t]) });
    engine.connect({ postMessage: (c, m, t) => void page.push([c, m, t]) });
    expect(forks.map((f) => f.entry)).toEqual(['/app/engine-utility.mjs']);
    expect(forks[0].sent).toEqual([
      [{ type: 'engine-port' }, [{ end: 'engine' }]],
      [{ type: 'engine-port' }, [{ end: 'engine' }]],
    ]);
    expect(page).toEqual([
      [ENGINE_PORT_CHANNEL, null, [{ end: 'page' }]],
      [ENGINE_PORT_CHANNEL, null, [{ end: 'page' }]],
    ]);
    expect(forks[0].sent.every(([m]) => isEngineControl(m))).toBe(true);
  });

  it('tells the engine every granted path, again after it restarts', () => {
    const { forks, deps } = fakes();
    const engine = new EngineProcess(deps, 'e.mjs');
    engine.grant('/data/before.csv');
    engine.connect({ postMessage: () => undefined });
    engine.grant('/data/after.csv');
    expect(forks[0].sent.map(([m]) => m)).toEqual([
      { type: 'grant', path: '/data/before.csv' },
      { type: 'engine-port' },
      { type: 'grant', path: '/data/after.csv' },
    ]);
    forks[0].exit?.(1);
    engine.connect({ postMessage: () => undefined });
    expect(forks[1].sent.map(([m]) => m)).toEqual([
      { type: 'grant', path: '/data/before.csv' },
      { type: 'grant', path: '/data/after.csv' },
      { type: 'engine-port' },
    ]);
    engine.stop();
    expect(forks[1].killed).toBe(true);
  });

  it('refuses control messages that are not one', () => {
    expect(isEngineControl({ type: 'grant' })).toBe(false);
    expect(isEngineControl({ type: 'exec', sql: 'x' })).toBe(false);
    expect(isEngineControl({ type: 'grant', path: '/a' })).toBe(true);
  });
});
