/**
 * A minimal Playwright test harness over playwright-core and Debian's /usr/bin/chromium: tests
 * register with `test()`, each gets a fresh page (light colour scheme unless asked), failures
 * save a screenshot under test-results/failures/.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export interface TestContext {
  page: Page;
  baseUrl: string;
  browser: Browser;
}

interface Registered {
  name: string;
  fn: (ctx: TestContext) => Promise<void>;
}

const registry: Registered[] = [];

export function test(name: string, fn: (ctx: TestContext) => Promise<void>): void {
  registry.push({ name, fn });
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = typeof actual === 'bigint' ? `${actual}n` : JSON.stringify(actual);
  const e = typeof expected === 'bigint' ? `${expected}n` : JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** playwright-core's launch() already gives every run a fresh temporary profile (--user-data-dir). */
export async function launchChromium(): Promise<{ browser: Browser; dispose: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return { browser, dispose: () => browser.close() };
}

/** Runs every registered test (optionally filtered by name substring); returns the failure count. */
export async function runRegistered(baseUrl: string, filter?: string): Promise<{ passed: number; failed: number }> {
  const { browser, dispose } = await launchChromium();
  let passed = 0;
  let failed = 0;
  mkdirSync('test-results/failures', { recursive: true });
  try {
    for (const t of registry) {
      if (filter && !t.name.includes(filter)) continue;
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const started = Date.now();
      try {
        await t.fn({ page, baseUrl, browser });
        if (errors.length) throw new Error(`uncaught page errors: ${errors.join(' | ')}`);
        passed++;
        console.log(`  ok   ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(`  FAIL ${t.name}\n       ${e instanceof Error ? e.message : String(e)}`);
        const base = `test-results/failures/${t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
        const open = browser.contexts().flatMap((c) => c.pages());
        for (const [i, p] of open.entries()) await p.screenshot({ path: `${base}-${i}.png` }).catch(() => undefined);
      } finally {
        await context.close();
      }
    }
  } finally {
    await dispose();
  }
  return { passed, failed };
}
