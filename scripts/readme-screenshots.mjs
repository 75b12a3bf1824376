#!/usr/bin/env node
/**
 * The README's screenshots of the current app (`node scripts/readme-screenshots.mjs [--no-build]`):
 * the built renderer in Debian's Chromium at 1440×900, light theme, on the bundled demo company:
 * docs/overview.png, docs/cost-explorer.png (the explorer as it opens), docs/unit-economics.png
 * (Margin → Unit economics, the losing SKU explained).
 */
import { build } from 'vite';
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
process.chdir(repo);
if (!process.argv.includes('--no-build')) await build({ configFile: join(repo, 'vite.config.ts'), logLevel: 'warn' });
register();
const { serveStatic } = await import('../test/ui/static-server.ts');
const { launchChromium, APP_VIEWPORT } = await import('../test/ui/chromium.ts');
const { gotoScreen, waitSettled } = await import('../test/ui/app-helpers.ts');

const server = await serveStatic({ '/': join(repo, 'dist') });
const { browser, dispose } = await launchChromium();
try {
  const page = await browser.newPage({ viewport: APP_VIEWPORT, colorScheme: 'light' });
  await page.goto(`${server.url}/`);
  await waitSettled(page, 240_000);
  const settle = async () => {
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .cell.pending, [data-loading="true"]'), null, { timeout: 60_000 });
    await page.waitForTimeout(300);
  };
  const shoot = async (name) => {
    await settle();
    await page.screenshot({ path: join(repo, 'docs', `${name}.png`) });
    console.log(`docs/${name}.png`);
  };
  await shoot('overview');
  await gotoScreen(page, 'explorer');
  await page.waitForSelector('[data-testid="explorer-grid"] [role="grid"]');
  await shoot('cost-explorer');
  await gotoScreen(page, 'margin');
  await page.click('[aria-label="Margin view"] button:has-text("Unit economics")');
  await page.waitForSelector('[data-testid="unit-customer-grid"] [role="grid"]');
  await shoot('unit-economics');
} finally {
  await dispose();
  await server.close();
}
