#!/usr/bin/env node
/**
 * Smoke test of `npm start` where Electron cannot run: starts it (reusing the build with --no-build
 * unless --build is given), waits for the loopback fallback URL, loads the app in Debian's
 * Chromium (test/ui/chromium.ts) and checks the page renders under the app's CSP (no CSP
 * violations, no page errors, the CSP header present), then stops `npm start`.
 * Prints one result line; exits non-zero on failure. Screenshot: test-results/screens/start.png.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const repo = fileURLToPath(new URL('..', import.meta.url));
const startArgs = ['scripts/start.mjs', '--no-open', '--port', '0', ...(process.argv.includes('--build') ? [] : ['--no-build'])];
const t0 = Date.now();
const start = spawn(process.execPath, startArgs, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
let failures = [];
try {
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL from npm start after 180 s:\n${out}`)), 180_000);
    start.stdout.on('data', (b) => {
      out += b.toString();
      const m = /serving the app at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    start.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
  register();
  const { launchChromium } = await import('../test/ui/chromium.ts');
  const { browser, dispose } = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // (Failed loads are reported with their URL by the response listener below.)
      if (/^Failed to load resource/.test(m.text())) return;
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
    });
    let probing = false;
    page.on('response', (r) => {
      if (r.status() >= 400 && !probing) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(url) && !/^(data|blob):/.test(r.url())) problems.push(`request outside the app: ${r.url()}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    const csp = response?.headers()['content-security-policy'] ?? '';
    if (!csp.includes("script-src 'self' 'wasm-unsafe-eval'")) problems.push(`missing CSP header (got "${csp}")`);
    await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, null, { timeout: 30_000 });
    // Let the engine's worker and wasm load (a CSP block would surface as an error by then).
    await page.waitForLoadState('networkidle', { timeout: 60_000 });
    await page.waitForTimeout(3000);
    const title = await page.title();
    probing = true;
    const escape = await page.evaluate(async () => (await fetch('/%2e%2e/package.json')).status);
    if (escape !== 404) problems.push(`/%2e%2e/package.json answered ${escape}`);
    mkdirSync(join(repo, 'test-results', 'screens'), { recursive: true });
    await page.screenshot({ path: join(repo, 'test-results', 'screens', 'start.png') });
    failures = problems;
    console.log(
      `smoke-start: ${url} "${title}" rendered in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
        (problems.length === 0 ? 'no CSP violations or page errors.' : `${problems.length} problem(s):\n  ${problems.join('\n  ')}`),
    );
  } finally {
    await dispose();
  }
} catch (e) {
  failures.push(String(e));
  console.error(`smoke-start: ${e.message ?? e}`);
} finally {
  start.kill('SIGTERM');
}
process.exit(failures.length === 0 ? 0 : 1);
