/**
 * The CLI bundle (scripts/build-cli.mjs, run by `npm ci`) runs on its own: built afresh, it
 * inspects a price book on native DuckDB and prints what the sources print.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it, onTestFinished } from 'vitest';
import { runCli } from '../../../src/cli/main';

const root = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

it('the bundled CLI inspects a file as the sources do', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'finops-bundle-'));
  const book = path.join(dir, 'price_book.csv');
  writeFileSync(book, 'sku,currency,unit_price\n' + Array.from({ length: 10 }, (_, i) => `sku_${i},USD,0.${i}5`).join('\n') + '\n');
  // Its own copy under the checkout (node_modules resolves from there): other test files run dist-cli's meanwhile.
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const bundleDir = mkdtempSync(path.join(root, 'test-results', 'cli-bundle-'));
  onTestFinished(() => rmSync(bundleDir, { recursive: true, force: true }));
  await run('node', [path.join(root, 'scripts/build-cli.mjs'), '--out', bundleDir], { cwd: root });
  const bundled = await run('node', [path.join(bundleDir, 'finops.mjs'), 'inspect', '--json', book], {
    env: { ...process.env, FINOPS_CLI_MAIN: '1' },
  });
  let out = '';
  const code = await runCli(['inspect', '--json', book], { out: (t) => (out += t), err: () => {} });
  expect(code).toBe(0);
  expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(out));
  expect(JSON.parse(out)[0]).toMatchObject({ kind: 'prices', rows: 10 });
}, 60_000);
