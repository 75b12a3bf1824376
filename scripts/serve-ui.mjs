#!/usr/bin/env node
/**
 * The UI tests' web server, started by playwright.config.ts (`npm run test:ui`): builds the
 * renderer and the engine-contract test page (UI_NO_BUILD=1 reuses dist/ and the last contract
 * build), serves both from a free port on 127.0.0.1 with test/ui/static-server.ts and prints the
 * URL the config waits for; runs until stopped.
 */
import { build } from 'vite';
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
process.chdir(repo);

if (process.env.UI_NO_BUILD !== '1') {
  const t0 = Date.now();
  await build({ configFile: join(repo, 'vite.config.ts'), logLevel: 'warn' });
  await build({ configFile: join(repo, 'test/ui/vite.contract.config.ts'), logLevel: 'warn' });
  console.log(`built renderer and contract page in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

register();
const { serveStatic } = await import('../test/ui/static-server.ts');
const server = await serveStatic({ '/': join(repo, 'dist'), '/contract/': join(repo, 'test-results/contract-dist') });
console.log(`serving the UI test pages at ${server.url}`);
// Open keep-alive connections would hold close() up; nothing here needs flushing.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
