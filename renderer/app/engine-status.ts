/**
 * Starts the worker engine once, at launch, in parallel with the first render, and keeps the
 * store's engine status (download bytes, then compile, then ready or failed) up to date.
 */
import type { Engine } from '../../src/engine/engine';
import { bootEngine } from '../engine/start-engine';
import { bootNativeEngine } from '../engine/native-engine';
import { withQueryLog } from '../engine/query-log';
import { chosenEngine, nativeChannelToken } from '../engine/engine-choice';
import { getState, setState } from './store';

let starting: Promise<Engine> | null = null;

export function startEngine(): Promise<Engine> {
  if (starting) return starting;
  const startedAt = getState().engineStatus.startedAt;
  const holder = chosenEngine();
  setState((s) => ({ engineStatus: { ...s.engineStatus, holder } }));
  const boot = holder === 'native' ? (r: Parameters<typeof bootEngine>[0]) => bootNativeEngine(nativeChannelToken(), r) : bootEngine;
  starting = boot({
    progress: (loadedBytes, totalBytes) =>
      setState((s) => ({
        engineStatus: {
          ...s.engineStatus,
          stage: loadedBytes >= totalBytes && totalBytes > 0 ? 'Compiling the engine' : 'Loading the engine',
          loadedBytes,
          totalBytes,
        },
      })),
    preparing: () => setState((s) => ({ engineStatus: { ...s.engineStatus, stage: 'Preparing tables' } })),
  }).then((booted) => {
    const engine = withQueryLog(booted);
    setState((s) => ({ engine, engineStatus: { ...s.engineStatus, status: 'ready', stage: 'Ready', readyAt: performance.now() } }));
    return engine;
  });
  starting.catch((e: unknown) =>
    setState((s) => ({
      engineStatus: {
        ...s.engineStatus,
        status: 'failed',
        stage: 'The engine could not start',
        error: e instanceof Error ? e.message : String(e),
        startedAt,
      },
    })),
  );
  return starting;
}

/**
 * Replaces a stopped engine (a wasm trap, the worker gone): the old one is closed and a fresh one
 * booted like at launch. The caller reloads the files (load-queue.ts): a new engine holds no rows.
 */
export async function restartEngine(): Promise<Engine> {
  const old = getState().engine;
  starting = null;
  setState((s) => ({ engine: null, engineStatus: { ...s.engineStatus, status: 'starting', stage: 'Restarting the engine', error: undefined } }));
  await old?.close().catch(() => undefined);
  return startEngine();
}
