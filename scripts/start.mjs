#!/usr/bin/env node
/**
 * `npm start`: builds the renderer (dist/) and the Electron side (dist-electron/), then launches
 * the desktop app. When the Electron binary is missing it first tries Electron's own installer
 * (a download, so it needs the internet); if that fails it says so in one line and serves dist/
 * on a loopback-only port with the app's CSP and the native engine (serve-fallback.mjs) instead, opening it in a local Chromium when there is
 * a display (otherwise it prints the URL).
 * Options: --no-build (reuse dist/ and dist-electron/), --port N (fallback server, default 5180),
 * --no-open (fallback: only print the URL). Anything after `--` goes to Electron (e.g. files).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
process.chdir(repo);
const argv = process.argv.slice(2);
const dashDash = argv.indexOf('--');
const opts = dashDash >= 0 ? argv.slice(0, dashDash) : argv;
const passThrough = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
const flag = (name) => opts.includes(name);
const option = (name, fallback) => (opts.includes(name) ? opts[opts.indexOf(name) + 1] : fallback);

function npmRun(script) {
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli?.endsWith('.js')
    ? [process.execPath, [npmCli, 'run', '--silent', script]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', script]];
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' && cmd === 'npm.cmd' });
  if (r.status !== 0) {
    console.error(`npm start: "npm run ${script}" failed.`);
    process.exit(r.status ?? 1);
  }
}

/** The Electron executable when its binary is installed, else null. */
function electronBinary() {
  const dir = join(repo, 'node_modules', 'electron');
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(join(dir, 'dist')) || !existsSync(pathTxt)) return null;
  const exe = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

function tryInstallElectron() {
  const installer = join(repo, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return 'node_modules/electron is not installed (run npm install)';
  const r = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 10 * 60_000 });
  if (r.status === 0 && electronBinary()) return null;
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN|timed out/i.test(l));
  return (why ?? `installer exited with ${r.status ?? r.signal}`).trim();
}

function launchElectron(exe) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(exe, ['.', ...passThrough], { stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
}

/** The browser fallback: dist/ and the native engine on 127.0.0.1 (scripts/serve-fallback.mjs). */
async function serveFallback() {
  const { serveFallback: serve } = await import('./serve-fallback.mjs');
  const { url, stop } = await serve({ port: Number(option('--port', process.env.PORT ?? '5180')), files: passThrough });
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => void stop().finally(() => process.exit(0)));
  return url;
}

function openInChromium(url) {
  const hasDisplay = process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
  if (flag('--no-open') || !hasDisplay || !browser) return false;
  const profile = mkdtempSync(join(tmpdir(), 'finops-workbench-'));
  spawn(browser, [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking'], {
    stdio: 'ignore',
    detached: true,
  }).unref();
  return true;
}

if (!flag('--no-build')) {
  npmRun('build:renderer');
  npmRun('build:electron');
}

let exe = electronBinary();
let whyNot = null;
if (!exe) {
  whyNot = tryInstallElectron();
  exe = whyNot ? null : electronBinary();
}
if (exe) {
  launchElectron(exe);
} else {
  const url = await serveFallback();
  const opened = openInChromium(url);
  console.log(`npm start: Electron is unavailable (${whyNot}); serving the app at ${url}${opened ? ' (opened in Chromium)' : ''} — Ctrl+C to stop.`);
}
