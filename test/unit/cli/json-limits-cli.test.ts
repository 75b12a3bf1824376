/**
 * `finops inspect` on hostile JSON: nesting 150,000 deep and records with 60,000 distinct keys are
 * refused in seconds with one line naming the file and row; keys named after Object.prototype
 * members (`constructor`, `__proto__`, `toString`) are data like any other. Files are generated here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';

const dir = mkdtempSync(path.join(tmpdir(), 'finops-json-'));
const FOCUS = {
  BilledCost: '1.25',
  EffectiveCost: '1.25',
  BillingCurrency: 'USD',
  ChargePeriodStart: '2024-09-01T00:00:00Z',
  ChargePeriodEnd: '2024-09-02T00:00:00Z',
  ChargeCategory: 'Usage',
  ServiceName: 'Compute',
  ProviderName: 'Acme',
};

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function finops(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('finops inspect: hostile JSON', () => {
  it('deep nesting and tens of thousands of keys refused in seconds; prototype-named keys read as data', async () => {
    const depth = 150_000;
    const deepArray = write('deep.json', '['.repeat(depth) + ']'.repeat(depth));
    const deepLine = write('deep.jsonl', JSON.stringify(FOCUS) + '\n' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '\n');
    const wide: Record<string, number> = {};
    for (let i = 0; i < 60_000; i++) wide[`k${i}`] = i;
    const manyKeys = write('keys.jsonl', JSON.stringify(FOCUS) + '\n' + JSON.stringify({ ...FOCUS, ...wide }) + '\n');
    // Distinct keys spread over many records count the same.
    const spread = write('spread.jsonl', Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ...FOCUS, [`tag_${i}`]: 'x' })).join('\n') + '\n');
    const proto = write(
      'proto.jsonl',
      JSON.stringify({ ...FOCUS, constructor: 'c', toString: 't', hasOwnProperty: 'h' }) +
        '\n' +
        `{"__proto__":{"polluted":"yes"},${JSON.stringify({ ...FOCUS, BilledCost: '2.50', EffectiveCost: '2.50' }).slice(1)}\n`,
    );
    const t0 = performance.now();
    const r = await finops('inspect', deepArray, deepLine, manyKeys, spread, proto, '--json');
    const seconds = (performance.now() - t0) / 1000;
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `finops inspect: ${deepArray}: line 1: expected at most 64 levels of nested objects and arrays, got deeper`,
      `finops inspect: ${deepLine}: row 2: expected at most 64 levels of nested objects and arrays, got deeper`,
      `finops inspect: ${manyKeys}: row 2: expected at most 2000 distinct keys (columns) in the file, got more`,
      `finops inspect: ${spread}: row 1993: expected at most 2000 distinct keys (columns) in the file, got more`,
    ]);
    const out = JSON.parse(r.stdout);
    expect(out[4]).toEqual({
      file: proto,
      kind: 'cost',
      format: 'focus-1.0',
      rows: 2,
      totals: { USD: { billed_cost: '3.75', effective_cost: '3.75' } },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(seconds).toBeLessThan(60);
  });
});
