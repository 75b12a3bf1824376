/**
 * UI tests (`npm run test:ui`, `-- --grep <regex>` for some): @playwright/test in Debian's
 * Chromium (test/ui/chromium.ts; CHROMIUM_PATH overrides /usr/bin/chromium, nothing is
 * downloaded) against the built renderer served on 127.0.0.1 by scripts/serve-ui.mjs.
 */
import { defineConfig } from '@playwright/test';
import { APP_VIEWPORT, CHROMIUM_LAUNCH } from './test/ui/chromium';

export default defineConfig({
  testDir: 'test/ui',
  // Only Playwright's own artifacts (traces, failure screenshots): it empties this folder per run,
  // while test-results/screens and the contract build beside it are kept.
  outputDir: 'test-results/playwright',
  // Two cores: one worker each; the tests of a file share one app page and run in order.
  workers: 2,
  fullyParallel: false,
  // No retries: a UI test that passes only sometimes is a bug to see, not to hide.
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 180_000,
  reporter: [['list'], ['./test/ui/summary-reporter.ts']],
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM_LAUNCH,
    // Known once the web server has printed it; the runner passes it on to the workers.
    baseURL: process.env.UI_BASE_URL,
    viewport: APP_VIEWPORT,
    colorScheme: 'light',
    // DOM snapshots and network per action; no screencast frames, which cost a core on this size.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    // playwright-core's own default for waits and navigations (the test runner's is none).
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
  },
  webServer: {
    command: 'node scripts/serve-ui.mjs',
    // The server picks a free port (several checkouts share a machine) and prints its URL.
    wait: { stdout: /serving the UI test pages at (?<ui_base_url>http:\/\/127\.0\.0\.1:\d+)/ },
    stdout: 'pipe',
    timeout: 300_000,
  },
});
