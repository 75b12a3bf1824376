/** Screenshots of every main screen in light and dark, for people to look at. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { gotoScreen } from './app-helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(repo, 'test-results/screens');

test('every main screen renders in light and dark (screenshots)', async ({ app: page }) => {
  mkdirSync(dir, { recursive: true });
  const ids = await page.$$eval('nav.sidebar [data-testid^="nav-"]', (b) => b.map((x) => x.getAttribute('data-testid')!.slice(4)));
  expect(ids.length, `screens: ${ids}`).toBeGreaterThanOrEqual(4);
  for (const theme of ['light', 'dark'] as const) {
    const current = await page.getAttribute('html', 'data-theme');
    if (current !== theme) await page.click('.topbar button[aria-label^="Switch to"]');
    for (const id of ids) {
      await gotoScreen(page, id);
      if (id === 'sql') await page.click('[data-testid="sql-run"]');
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .cell.pending'), null, { timeout: 30_000 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(dir, `${id}-${theme}.png`) });
    }
  }
});
