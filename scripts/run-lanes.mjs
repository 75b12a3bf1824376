#!/usr/bin/env node
/**
 * `node scripts/run-lanes.mjs a b,c`: runs npm script a in one lane and b then c in another, at
 * the same time (`npm test` type-checks while it lints: each is one process, and there are two
 * cores). Each lane's output is printed whole when it ends; exits non-zero if any script failed.
 */
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(script) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '-s', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ script, code: code ?? 1, out }));
  });
}

async function lane(scripts) {
  for (const script of scripts) {
    const r = await run(script);
    process.stdout.write(`> npm run ${script}\n${r.out}`);
    if (r.code !== 0) return `${script} failed (exit ${r.code})`;
  }
  return null;
}

const failures = (await Promise.all(process.argv.slice(2).map((arg) => lane(arg.split(','))))).filter(Boolean);
for (const f of failures) console.error(f);
process.exit(failures.length ? 1 : 0);
