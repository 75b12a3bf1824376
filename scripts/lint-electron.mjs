#!/usr/bin/env node
/**
 * `npm run lint:electron`: Electronegativity over the Electron code (main, preload, IPC, protocol)
 * and the renderer's HTML entry (its CSP meta tag). Fails on any HIGH-severity finding and on any
 * file it could not parse (an unparsed file is an unchecked file).
 * The CLI exits 0 whatever it finds and its CSV writer races with itself, so we call its API.
 * Its "available security fixes" check downloads Electron's release list; it is skipped so the lint
 * gives the same answer offline (keeping Electron current is a dependency update, not a code check).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const run = require('@doyensec/electronegativity');

// Scan a copy: the Electron sources that ship (no tests), the host contract they import, and the
// renderer's index.html.
const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'));
try {
  for (const dir of ['electron', 'src/host']) {
    for (const f of readdirSync(dir)) {
      if (f.endsWith('.ts') && !f.endsWith('.test.ts')) cpSync(join(dir, f), join(stage, dir, f));
    }
  }
  cpSync('renderer/index.html', join(stage, 'renderer', 'index.html'));

  const quiet = console.log; // the library prints its translation fallback notice
  console.log = () => undefined;
  let result;
  try {
    result = await run({
      input: stage,
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      customScan: [],
      parserPlugins: [],
    });
  } finally {
    console.log = quiet;
  }

  const { issues, errors, atomicChecks, globalChecks } = result;
  for (const i of issues) {
    const where = `${i.file}:${i.location.line}:${i.location.column}`;
    console.log(`${i.severity.name.padEnd(13)} ${i.confidence.name.padEnd(9)} ${i.id.padEnd(30)} ${where}${i.manualReview ? '  (review)' : ''}`);
  }
  for (const e of errors) console.log(`PARSE ERROR   ${e.file}: ${e.message}`);
  const high = issues.filter((i) => i.severity.name === 'HIGH');
  console.log(
    `lint:electron: Electronegativity (${atomicChecks + globalChecks} checks, Electron ${electronVersion}): ` +
      `${issues.length} finding(s), ${high.length} high, ${errors.length} parse error(s).`,
  );
  process.exitCode = high.length > 0 || errors.length > 0 ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
