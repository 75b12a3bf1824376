/**
 * Runs the shared engine contract cases against the worker build inside Chromium and publishes
 * the results on window.__contract for the Playwright test to read.
 */
import { createBrowserEngine } from '../../../src/engine/browser-engine';
import { duckdbBundles } from '../../../renderer/engine/bundles';
import { contractCases } from '../../engine/contract';

interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b && a === b;
  return JSON.stringify(a) === JSON.stringify(b) && typeof a === typeof b;
}

function show(v: unknown): string {
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
}

async function run(): Promise<CaseResult[]> {
  const engine = await createBrowserEngine(duckdbBundles());
  const results: CaseResult[] = [];
  for (const c of contractCases) {
    try {
      await c.run(engine, (actual, expected, what) => {
        if (!same(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
      });
      results.push({ name: c.name, ok: true });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  results.push({ name: `engine is ${engine.name}`, ok: engine.name === 'browser-worker' });
  await engine.close();
  return results;
}

const w = window as unknown as { __contract?: CaseResult[] | { fatal: string } };
run().then(
  (r) => {
    w.__contract = r;
    document.getElementById('out')!.textContent = r.map((x) => `${x.ok ? 'ok' : 'FAIL'} ${x.name} ${x.error ?? ''}`).join('\n');
  },
  (e) => {
    w.__contract = { fatal: e instanceof Error ? e.message : String(e) };
  },
);
