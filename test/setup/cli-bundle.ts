/**
 * Vitest global setup: builds the CLI bundle (scripts/build-cli.mjs) once before any test file,
 * since .npmrc's ignore-scripts skips `prepare` on `npm ci`. Every `finops` subprocess then starts
 * from the bundle instead of transpiling the sources through tsx.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function buildCliBundle(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
