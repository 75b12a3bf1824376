import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrow } from '../../../src/engine/arrow';
import { boolVector, float64Vector, int64Vector, utf8Vector } from '../../../src/engine/arrow-vectors';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';

/** Runs `fn` with the Function constructor disabled, as the app's CSP does in the renderer. */
function withoutEval<T>(fn: () => T): T {
  const original = globalThis.Function;
  globalThis.Function = function () {
    throw new EvalError('code evaluation is blocked by the content security policy');
  } as unknown as FunctionConstructor;
  try {
    return fn();
  } finally {
    globalThis.Function = original;
  }
}

describe('eval-free Arrow vectors', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  it("Arrow's own builder needs eval (why these builders exist)", () => {
    expect(() => withoutEval(() => arrow.vectorFromArray(['a', null], new arrow.Utf8()))).toThrow(EvalError);
  });

  it('builds strings with nulls, unicode, bigints, floats and booleans without eval, and DuckDB reads them back', async () => {
    const ipc = withoutEval(() =>
      arrow.tableToIPC(
        new arrow.Table({
          s: utf8Vector(['plain', null, 'Zürich €', '', undefined]),
          n: int64Vector([1n, -2n, 9007199254740993n, 0n, 5n]),
          f: float64Vector([0.5, 1, 2, 3, 4]),
          b: boolVector([true, false, true, false, true]),
        }),
        'stream',
      ),
    );
    await engine.insertArrowIPC('vec_check', ipc, { create: true });
    const rows = await engine.query('SELECT s, n, f, b FROM vec_check');
    expect(rows.map((r) => r.s)).toEqual(['plain', null, 'Zürich €', '', null]);
    expect(rows.map((r) => r.n)).toEqual([1, -2, 9007199254740993n, 0, 5]);
    expect(rows.map((r) => r.b)).toEqual([true, false, true, false, true]);
    expect(rows[0].f).toBe(0.5);
  });
});
