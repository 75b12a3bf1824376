#!/usr/bin/env node
/**
 * `npm run test:ui`: builds the renderer (and the engine-contract test page), serves both from
 * 127.0.0.1 with a tiny static server and runs the Playwright tests in test/ui/*.spec.ts in
 * Debian's Chromium. Prints "N passed, M failed" and exits non-zero on any failure.
 * Options: --no-build (reuse dist/), --grep <text> (run tests whose name contains text).
 */
import { build } from 'vite';
import { register } from 'tsx/esm/api';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
process.chdir(repo);
const args = process.argv.slice(2);
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : undefined;

const t0 = Date.now();
if (!args.includes('--no-build')) {
  await build({ configFile: join(repo, 'vite.config.ts'), logLevel: 'warn' });
  await build({ configFile: join(repo, 'test/ui/vite.contract.config.ts'), logLevel: 'warn' });
  console.log(`built renderer and contract page in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

register();
const { serveStatic } = await import('../test/ui/static-server.ts');
const { runRegistered } = await import('../test/ui/harness.ts');
const specs = readdirSync(join(repo, 'test/ui'))
  .filter((f) => f.endsWith('.spec.ts'))
  .sort();
for (const f of specs) await import(pathToFileURL(join(repo, 'test/ui', f)).href);

const server = await serveStatic({ '/': join(repo, 'dist'), '/contract/': join(repo, 'test-results/contract-dist') });
let result;
try {
  result = await runRegistered(server.url, grep);
} finally {
  await server.close();
}
console.log(`${result.passed} passed, ${result.failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exit(result.failed > 0 || result.passed === 0 ? 1 : 0);
