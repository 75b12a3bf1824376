import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeScenario } from '../../scripts/gen-scenario';
import { analyzeCli, cliOutputs, FOCUS_14_ARGS, FOCUS_14_DIR, focus14Files, inputFiles, OUTPUT_FILES } from '../run/cli-outputs';
import { expect, test } from './fixtures';

test('engine contract cases pass in the worker build (Chromium)', async ({ contract: page }) => {
  const results = (await page.evaluate(() => (window as unknown as { __contract: unknown }).__contract)) as
    { name: string; ok: boolean; error?: string }[] | { fatal: string };
  expect(Array.isArray(results), `engine failed to start: ${JSON.stringify(results)}`).toBe(true);
  const cases = results as { name: string; ok: boolean; error?: string }[];
  const failed = cases.filter((r) => !r.ok);
  expect(cases.length, `expected every contract case to run, got ${cases.length}`).toBeGreaterThanOrEqual(7);
  expect(failed, 'contract cases that failed').toEqual([]);
});

for (const [what, dir] of [
  ['the demo company', () => path.resolve(import.meta.dirname, '../../samples/demo')],
  [
    'a generated month with every planted fault',
    () => {
      const d = mkdtempSync(path.join(tmpdir(), 'finops-parity-ui-'));
      writeScenario(d, { seed: 11 });
      return d;
    },
  ],
] as const) {
  test(`the app (worker engine and anomaly worker) and the CLI give identical findings and proposals on ${what}`, async ({ contract: page }) => {
    const d = dir();
    const cli = cliOutputs(d);
    const app = (await page.evaluate(
      ([files]) =>
        (window as unknown as { __analyzeFiles: (f: unknown, c: string) => Promise<Record<string, string>> }).__analyzeFiles(files, 'config.json'),
      [inputFiles(d)] as const,
    )) as Record<string, string>;
    const expected = await cli;
    expect(JSON.parse(expected['proposals.json']).proposals.length).toBeGreaterThan(0);
    for (const file of OUTPUT_FILES) expect(app[file], file).toBe(expected[file]);
  });
}

test('the app (worker engine) and the CLI write the same invoice reconciliation on the FOCUS 1.4 pair', async ({ contract: page }) => {
  const cli = analyzeCli(FOCUS_14_DIR, FOCUS_14_ARGS);
  const app = (await page.evaluate(
    ([files]) =>
      (window as unknown as { __analyzeFiles: (f: unknown, c: string) => Promise<Record<string, string>> }).__analyzeFiles(files, 'config.json'),
    [focus14Files()] as const,
  )) as Record<string, string>;
  const expected = (await cli).files;
  expect(expected['invoice_reconciliation.csv']).toContain(',D-002,USD,variance,45.01,45.00,0.01,');
  expect(app['invoice_reconciliation.csv']).toBe(expected['invoice_reconciliation.csv']);
});
