#!/usr/bin/env node
/**
 * Bundles the CLI (src/cli/main.ts and the core it imports) into dist-cli/finops.mjs with esbuild,
 * so `finops` starts without transpiling TypeScript at run time. Run by `npm install` / `npm ci`
 * (the `prepare` script) and `npm run build:cli`. Plain-JS packages are bundled too (loading a
 * CommonJS package from ES modules costs a parse of each of its files, ~0.5 s for native DuckDB's
 * API, and Arrow's 200 ES modules as much); native DuckDB's binary and duckdb-wasm, loaded by
 * path at run time, stay external. Each engine is its own chunk, loaded only when chosen. The Parquet decode worker files are copied beside the bundle, which starts
 * them by a path relative to itself. Without esbuild (a production install) it does
 * nothing: bin/finops.mjs then runs the sources through tsx. `--out DIR` builds elsewhere (a test
 * builds its own copy while other tests run dist-cli's).
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist-cli');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.log('build-cli: esbuild is not installed; finops will run from the TypeScript sources');
  process.exit(0);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir: out,
  entryNames: 'finops',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@duckdb/node-bindings', '@duckdb/duckdb-wasm', 'tsx'],
  // Bundled CommonJS packages call require(): give the ES module bundle one.
  banner: { js: "import { createRequire as __finopsRequire } from 'node:module'; const require = __finopsRequire(import.meta.url);" },
  logLevel: 'warning',
});
for (const f of ['parquet-decode-worker.mjs', 'parquet-decode-core.mjs']) copyFileSync(path.join(root, 'src/ingest', f), path.join(out, f));
console.log(`built ${path.relative(root, out)}/finops.mjs`);
