import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node-engine';
import type { Engine } from '../../src/engine/engine';
import { contractCases } from './contract';

describe('engine contract: node blocking build', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => engine?.close());

  for (const c of contractCases) {
    it(c.name, async () => {
      await c.run(engine, (actual, expected, what) => expect(actual, what).toEqual(expected));
    });
  }
});
