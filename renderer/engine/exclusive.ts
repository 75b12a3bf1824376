/**
 * One writer at a time on the engine's single connection: loads (each in its own transaction)
 * and analysis runs (which rebuild staging tables) take turns. Read-only grid queries don't wait.
 */
let tail: Promise<unknown> = Promise.resolve();

export function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = tail.then(fn, fn);
  tail = run.catch(() => undefined);
  return run;
}
