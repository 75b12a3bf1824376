import { expect, test } from './fixtures';

test('engine contract cases pass in the worker build (Chromium)', async ({ page }) => {
  await page.goto('/contract/');
  await page.waitForFunction(() => (window as unknown as { __contract?: unknown }).__contract !== undefined, null, {
    timeout: 60_000,
  });
  const results = (await page.evaluate(() => (window as unknown as { __contract: unknown }).__contract)) as
    | { name: string; ok: boolean; error?: string }[]
    | { fatal: string };
  expect(Array.isArray(results), `engine failed to start: ${JSON.stringify(results)}`).toBe(true);
  const cases = results as { name: string; ok: boolean; error?: string }[];
  const failed = cases.filter((r) => !r.ok);
  expect(cases.length, `expected every contract case to run, got ${cases.length}`).toBeGreaterThanOrEqual(7);
  expect(failed, 'contract cases that failed').toEqual([]);
});
