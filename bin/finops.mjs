#!/usr/bin/env node
// Entry point of the headless CLI: the bundle built at install time (scripts/build-cli.mjs) when
// it is newer than every source file; otherwise (a checkout being edited, or no esbuild) the
// TypeScript sources through tsx's loader.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist-cli/finops.mjs`;

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let built = 0;
try {
  built = statSync(bundle).mtimeMs;
} catch {
  // not built: run the sources
}
process.env.FINOPS_CLI_MAIN = '1';
if (built && built >= newestSource(`${root}src`)) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(`${root}src/cli/main.ts`);
}
