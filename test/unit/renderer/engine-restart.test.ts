/**
 * The app's load queue after the engine stops mid-load (a wasm trap: out of memory, worker gone):
 * the next load restarts the engine, reloads the kept files in their order without the one that
 * stopped it, re-runs the analyses and says so on the Data screen.
 */
import { describe, expect, it, vi } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import { EngineHealth, explainEngineError, guarded, type Engine } from '../../../src/engine/engine';

const boots = vi.hoisted(() => ({ engines: [] as Engine[], crashAt: Infinity, calls: 0 }));

/** Wraps a Node engine so its Nth call traps like DuckDB-wasm running out of its heap. */
function crashingOnNthCall(inner: Engine): Engine {
  const health = new EngineHealth();
  const call = <T>(fn: () => Promise<T>) =>
    guarded(
      health,
      () => {
        if (++boots.calls === boots.crashAt) throw new WebAssembly.RuntimeError('memory access out of bounds');
        return fn();
      },
      (e) => explainEngineError(e, 'Loading'),
    );
  return {
    name: inner.name,
    get stopped() {
      return health.stopped;
    },
    query: (sql, params) => call(() => inner.query(sql, params)),
    exec: (sql) => call(() => inner.exec(sql)),
    transaction: (fn) => call(() => inner.transaction(fn)),
    registerFile: (n, s) => call(() => inner.registerFile(n, s)),
    dropFile: (n) => inner.dropFile(n),
    insertArrowIPC: (t, ipc, o) => call(() => inner.insertArrowIPC(t, ipc, o)),
    cancel: () => inner.cancel(),
    close: () => inner.close(),
  };
}

vi.mock('../../../renderer/engine/start-engine', () => ({
  bootEngine: async () => {
    const engine = crashingOnNthCall(await createNodeEngine());
    await ensureCanonicalTables(engine);
    boots.engines.push(engine);
    return engine;
  },
}));
vi.mock('../../../renderer/engine/native-engine', () => ({ bootNativeEngine: () => Promise.reject(new Error('no native engine here')) }));
vi.mock('../../../renderer/engine/engine-choice', () => ({ chosenEngine: () => 'wasm', nativeChannelToken: () => null }));
vi.mock('../../../renderer/analysis/run-analyses', () => ({ scheduleAnalyses: vi.fn() }));

const { enqueueLoads, restartNow } = await import('../../../renderer/features/data/load-queue');
const { restartMessage } = await import('../../../renderer/features/data/engine-recovery');
const { getState } = await import('../../../renderer/app/store');
const { scheduleAnalyses } = await import('../../../renderer/analysis/run-analyses');

const HEADER = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ProviderName';
function focusCsv(name: string, rows: number) {
  const lines = Array.from(
    { length: rows },
    (_, i) => `${i + 1}.25,${i + 1}.25,USD,2024-09-0${(i % 9) + 1}T00:00:00Z,2024-09-10T00:00:00Z,Usage,${name},Acme`,
  );
  const blob = new Blob([[HEADER, ...lines].join('\n') + '\n']);
  return { name: `${name}.csv`, source: { kind: 'blob' as const, blob }, origin: 'user' as const, ref: null };
}

describe('engine restart after a crash in the app', () => {
  it('restarts on the next load, reloads the kept files in order without the one that crashed, re-runs the analyses', async () => {
    await enqueueLoads([focusCsv('alpha', 2), focusCsv('beta', 3)]);
    expect(getState().files.map((f) => [f.name, f.rows])).toEqual([
      ['alpha.csv', 2],
      ['beta.csv', 3],
    ]);
    boots.crashAt = boots.calls + 3;
    const huge = focusCsv('huge', 4);
    await enqueueLoads([huge]);
    expect(boots.engines[0].stopped).toBe(true);
    expect(getState().errors.map((e) => e.name)).toEqual(['huge.csv']);
    expect(getState().notices.find((n) => n.kind === 'engine')?.action).toBe('restart-engine');

    vi.mocked(scheduleAnalyses).mockClear();
    await enqueueLoads([focusCsv('gamma', 1)]);
    expect(boots.engines).toHaveLength(2);
    expect(getState().engine).toBe(boots.engines[1]);
    expect(getState().files.map((f) => [f.name, f.rows])).toEqual([
      ['alpha.csv', 2],
      ['beta.csv', 3],
      ['gamma.csv', 1],
    ]);
    const table = getState().files[0].table;
    const [{ n }] = await boots.engines[1].query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
    expect(n).toBe(6);
    const mb = (huge.source.blob.size / 2 ** 20).toFixed(1);
    expect(
      getState()
        .notices.filter((n) => n.kind === 'engine')
        .map((n) => n.text),
    ).toEqual([
      `The engine ran out of memory loading huge.csv; it was restarted and 2 files reloaded; huge.csv was not loaded (${mb} MB; try the native engine).`,
    ]);
    expect(scheduleAnalyses).toHaveBeenCalled();
  });

  it('restarts at once from the offer, keeping the files loaded since', async () => {
    boots.crashAt = boots.calls + 2;
    await enqueueLoads([focusCsv('wide', 2)]);
    expect(boots.engines[1].stopped).toBe(true);
    await restartNow();
    expect(boots.engines).toHaveLength(3);
    expect(getState().files.map((f) => f.name)).toEqual(['alpha.csv', 'beta.csv', 'gamma.csv']);
    expect(getState().notices.some((n) => n.action === 'restart-engine')).toBe(false);
    expect(getState().notices.at(-1)?.text).toMatch(
      /^The engine ran out of memory loading wide\.csv; it was restarted and 3 files reloaded; wide\.csv was not loaded/,
    );
    const [{ n }] = await boots.engines[2].query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${getState().files[0].table}`);
    expect(n).toBe(6);
  });

  it('words the notice for other failures, the native engine and files that did not reload', () => {
    expect(restartMessage({ name: 'x.csv', bytes: 3 * 2 ** 20, outOfMemory: false }, 1, ['y.csv'], 'native')).toBe(
      'The engine stopped loading x.csv; it was restarted and 1 file reloaded; x.csv was not loaded (3.0 MB); could not reload y.csv.',
    );
    expect(restartMessage(null, 0, [], 'wasm')).toBe('The engine had stopped; it was restarted and 0 files reloaded.');
  });
});
