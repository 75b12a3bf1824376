#!/usr/bin/env node
/**
 * Builds the Electron side into dist-electron/: main-process modules with tsc (ES modules; the
 * tree mirrors the repo's, electron/ plus the src/host contract it imports), and
 * the preload bundled by esbuild into ONE CommonJS file, because a sandboxed preload cannot load
 * local modules at run time.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const out = 'dist-electron';

rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'electron/tsconfig.json'], {
  stdio: 'inherit',
});
// tsc's ES-module copy of the preload is not loadable in the sandbox: replace it with the bundle.
rmSync(`${out}/electron/preload.js`, { force: true });
await build({
  entryPoints: ['electron/preload.ts'],
  outfile: `${out}/electron/preload.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'chrome130',
  external: ['electron'],
  logLevel: 'warning',
});
// The native engine's utility process: one ES module; DuckDB's native binding stays in node_modules.
await build({
  entryPoints: ['src/engine-host/node-utility-entry.ts'],
  outfile: `${out}/electron/engine-utility.mjs`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@duckdb/node-api'],
  logLevel: 'warning',
});
console.log(`built ${out}/electron/main.js and ${out}/electron/preload.cjs`);
