import { assert, test } from './harness';

test('engine contract cases pass in the worker build (Chromium)', async ({ page, baseUrl }) => {
  await page.goto(`${baseUrl}/contract/`);
  await page.waitForFunction(() => (window as unknown as { __contract?: unknown }).__contract !== undefined, null, {
    timeout: 60_000,
  });
  const results = (await page.evaluate(() => (window as unknown as { __contract: unknown }).__contract)) as
    | { name: string; ok: boolean; error?: string }[]
    | { fatal: string };
  assert(Array.isArray(results), `engine failed to start: ${JSON.stringify(results)}`);
  const failed = results.filter((r) => !r.ok);
  assert(results.length >= 7, `expected every contract case to run, got ${results.length}`);
  assert(failed.length === 0, failed.map((f) => `${f.name}: ${f.error}`).join('; '));
});
