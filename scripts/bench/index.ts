/**
 * `npm run bench`: runs every benchmark module in this folder (each exports
 * `run(): Promise<string[]>`, printable lines) and prints its figures. Modules are found at run
 * time, so a missing one is simply skipped; import runs first, the rest in name order.
 * BENCH_ONLY=anomaly (comma-separated module names) runs only those; `-- --scale` runs only the
 * scale runs of heldout.ts.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<string[]>;
}

// --warehouse: the warehouse pushdown bench alone (minutes, so not in the default set).
const here = process.argv.includes('--warehouse') ? path.resolve(import.meta.dirname, '../bench-warehouse') : import.meta.dirname;
const scale = process.argv.some((a) => a === '--scale' || a.startsWith('--scale='));
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : scale ? new Set(['heldout']) : null;
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('.') && f !== 'index.ts' && !f.endsWith('.test.ts'))
  .filter((f) => !only || only.has(f.replace(/\.ts$/, '')))
  .sort((a, b) => (a === 'import.ts' ? -1 : b === 'import.ts' ? 1 : a.localeCompare(b)));

let failed = 0;
for (const name of names) {
  const mod = (await import(pathToFileURL(path.join(here, name)).href)) as Partial<BenchModule>;
  if (typeof mod.run !== 'function') continue;
  const t0 = performance.now();
  try {
    for (const line of await mod.run()) console.log(line);
    console.log(`  (${name} finished in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.error(`${name}: failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
process.exitCode = failed ? 1 : 0;
