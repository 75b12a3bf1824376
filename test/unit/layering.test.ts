/**
 * The layering rules of .dependency-cruiser.cjs (run by `npm run lint`): each rule reports a
 * deliberately wrong import in test/fixtures/layering/ (a tree that mirrors the repo's paths,
 * cruised as its own base dir) and nothing else there, and the repo's tree passes as the lint
 * script cruises it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/layering');
const config = path.join(root, '.dependency-cruiser.cjs');
const bin = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs the depcruise CLI in `cwd` with the repo's config and the given reporter. */
function depcruise(cwd: string, targets: string[], outputType: 'json' | 'err') {
  return spawnSync(process.execPath, [bin, ...targets, '--config', config, '--output-type', outputType], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

/** The violations of a cruise, as `rule: from -> to` lines. */
function violations(cwd: string, targets: string[]): string[] {
  const r = depcruise(cwd, targets, 'json');
  if (!r.stdout) throw new Error(`depcruise printed nothing: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
  return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

const FIXTURE_TARGETS = ['src', 'renderer', 'electron'];

describe('layering rules', () => {
  it('report each wrong import in the fixtures, and only those', () => {
    expect(violations(fixtures, FIXTURE_TARGETS)).toEqual(
      [
        'model-layer: src/model/wrong-to-engine.ts -> src/engine/engine.ts',
        'engine-layer: src/engine/wrong-to-ingest.ts -> src/ingest/load.ts',
        'analysis-layer: src/analysis/wrong-to-proposals.ts -> src/proposals/build.ts',
        'analysis-layer: src/analysis/wrong-to-run.ts -> src/run/run.ts',
        'proposals-layer: src/proposals/wrong-to-run.ts -> src/run/run.ts',
        'host-layer: src/host/wrong-to-engine.ts -> src/engine/engine.ts',
        'src-folder-is-a-layer: src/widgets/wrong-unknown-layer.ts -> src/model/money.ts',
        'src-not-to-apps: src/ingest/wrong-to-renderer.ts -> renderer/app/store.ts',
        'src-not-to-apps: src/analysis/wrong-to-samples.ts -> samples/rules.json',
        'pure-core-not-to-node-only: src/ingest/wrong-pure-to-node-only.ts -> src/ingest/node-files.ts',
        'renderer-not-to-cli-node-or-shell: renderer/wrong-to-cli.ts -> src/cli/main.ts',
        'renderer-not-to-cli-node-or-shell: renderer/wrong-to-node-only.ts -> src/ingest/node-files.ts',
        'renderer-no-node-builtins: renderer/wrong-to-node-builtin.ts -> path',
        'renderer-parts-not-to-app: renderer/components/wrong-to-app.ts -> renderer/app/store.ts',
        'electron-to-host-and-model: electron/wrong-to-renderer.ts -> renderer/app/store.ts',
        'electron-to-host-and-model: electron/wrong-to-engine.ts -> src/engine/engine.ts',
        // A cycle made of `import type` lines only.
        'no-circular: src/model/cycle-a.ts -> src/model/cycle-b.ts',
      ].sort(),
    );
  });

  it('fail the lint on them: the err reporter exits with the number of violations', () => {
    const r = depcruise(fixtures, FIXTURE_TARGETS, 'err');
    expect(r.stdout).toContain('error model-layer: src/model/wrong-to-engine.ts → src/engine/engine.ts');
    expect(r.status).toBe(17);
  });

  it('pass on the tree as `npm run lint` cruises it', () => {
    const lint = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.lint;
    const args = /depcruise (.+?) --config/.exec(lint);
    expect(args, 'the lint script runs depcruise').not.toBeNull();
    const r = depcruise(root, args![1].split(' '), 'err');
    const summary = /no dependency violations found \((\d+) modules, \d+ dependencies cruised\)/.exec(r.stdout);
    expect(summary, r.stdout).not.toBeNull();
    // The whole tree (src, renderer, electron, test, scripts), not an empty or mistyped target.
    expect(Number(summary![1])).toBeGreaterThan(250);
    expect(r.status).toBe(0);
  });
});
