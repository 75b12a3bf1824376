/** Opening the built app and waiting for its start-up loads to settle. */
import type { BrowserContext, Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace } from '../../src/host/ipc-contract';

export async function openApp(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await waitSettled(page);
}

/**
 * Pages of this context start empty instead of opening the year demo, for specs that bring their
 * own data: the browser build's storage holds a saved workspace with no files, which start-up
 * reopens (until the page saves one of its own).
 */
export async function startWithoutDemo(context: BrowserContext): Promise<void> {
  await context.addInitScript(
    (text) => {
      if (localStorage.getItem('finops-workbench.workspace') === null) localStorage.setItem('finops-workbench.workspace', text);
    },
    JSON.stringify(makeWorkspace([], {})),
  );
}

/** Engine up, start-up files handled, no load running and the analyses done. */
export async function waitSettled(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForSelector('.app[data-engine="ready"][data-startup="done"][data-busy="false"][data-analysis="done"]', { timeout });
}

/**
 * Picks files (or a folder) through the Data screen's button and waits until the app has finished
 * with the pick (data-picks counts picks handled: loaded, refused, a duplicate or cancelled), then
 * until it has settled: right after the pick, before the load starts, the page reads as settled too.
 */
export async function openFilesAndSettle(page: Page, paths: string | string[], opts: { button?: string; timeout?: number } = {}): Promise<void> {
  const timeout = opts.timeout ?? 180_000;
  const before = Number(await page.getAttribute('.app', 'data-picks'));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(`[data-testid="${opts.button ?? 'open-files'}"]`)]);
  await chooser.setFiles(paths);
  await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-picks')) > n, before, { timeout });
  await waitSettled(page, timeout);
}

export async function gotoScreen(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid="nav-${id}"]`);
  await page.waitForSelector(`[data-testid="screen-${id}"]`);
}

/** Visible text of every cell in the grid's rendered rows. */
export async function gridRows(page: Page, testId: string): Promise<string[][]> {
  await page.waitForSelector(`[data-testid="${testId}"] [role="grid"][aria-busy="false"]`);
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}"] .cell.pending`), testId);
  return page.$$eval(`[data-testid="${testId}"] .grid-body [role="row"]`, (rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((r) => Array.from(r.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent ?? '')),
  );
}

export async function gridHeaders(page: Page, testId: string): Promise<string[]> {
  return page.$$eval(`[data-testid="${testId}"] [role="columnheader"]`, (hs) => hs.map((h) => (h.textContent ?? '').replace(/[▲▼]/g, '').trim()));
}

/**
 * Every row of a virtualized grid, read by scrolling it from top to bottom and waiting at each
 * step until the rows on screen are loaded; rows[i] is data row i as the grid shows it.
 */
export async function allGridRows(page: Page, testId: string): Promise<string[][]> {
  await page.waitForSelector(`[data-testid="${testId}"] [role="grid"][aria-busy="false"]`);
  return page.evaluate(async (id) => {
    const grid = document.querySelector<HTMLElement>(`[data-testid="${id}"] [role="grid"]`)!;
    const n = Number(grid.getAttribute('aria-rowcount')) - 1;
    const rowH = (grid.querySelector<HTMLElement>('.grid-body [role="row"]')?.offsetHeight ?? 26) || 26;
    const seen = new Map<number, string[]>();
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    for (let top = 0; seen.size < n;) {
      grid.scrollTop = top;
      // The grid re-renders after the scroll event: wait for the rows at both edges of the view.
      const wantFirst = Math.min(n - 1, Math.floor(grid.scrollTop / rowH));
      const wantLast = Math.max(wantFirst, Math.min(n - 1, Math.floor((grid.scrollTop + grid.clientHeight) / rowH) - 1));
      const shown = (i: number) => grid.querySelector(`.grid-body [role="row"][aria-rowindex="${i + 2}"]`);
      for (let t = 0; ; t++) {
        await frame();
        if (shown(wantFirst) && shown(wantLast) && !grid.querySelector('.cell.pending')) break;
        if (t > 1200) throw new Error(`grid ${id}: rows ${wantFirst + 1}-${wantLast + 1} did not load`);
      }
      for (const r of grid.querySelectorAll('.grid-body [role="row"]')) {
        const i = Number(r.getAttribute('aria-rowindex')) - 2;
        seen.set(
          i,
          Array.from(r.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent ?? ''),
        );
      }
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) break;
      top = grid.scrollTop + Math.max(rowH, grid.clientHeight - 3 * rowH);
    }
    grid.scrollTop = 0;
    return Array.from({ length: n }, (_, i) => seen.get(i) ?? [`(row ${i + 1} never shown)`]);
  }, testId);
}

/** Clicks a column header's sort button until the column reports `dir`. */
export async function sortGrid(page: Page, testId: string, label: string, dir: 'ascending' | 'descending'): Promise<void> {
  const header = page.locator(
    `[data-testid="${testId}"] [role="columnheader"]:has(button[title="Sort by ${label}"]), [data-testid="${testId}"] th:has(button[title="Sort by ${label}"])`,
  );
  const button = header.locator('button');
  await header
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  if ((await header.count()) !== 1) throw new Error(`${testId}: no sortable "${label}" column`);
  for (let i = 0; i < 3 && (await header.first().getAttribute('aria-sort')) !== dir; i++) await button.click();
  if ((await header.first().getAttribute('aria-sort')) !== dir) throw new Error(`${testId}: "${label}" did not sort ${dir}`);
}

/** A 300,000-row FOCUS-style cost export in test-results/, big enough for a load to be cancelled. */
export function writeBigCostCsv(repo: string, name = 'big-cost.csv'): string {
  const file = join(repo, 'test-results', name);
  const lines = ['BillingAccountId,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost,ServiceName'];
  for (let i = 0; i < 300_000; i++)
    lines.push(`1,USD,2024-03-01T00:00:00Z,2024-03-02T00:00:00Z,Usage,0.${String(i % 100).padStart(2, '0')},0.01,S${i % 9}`);
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** The page as it stands, shot in the light theme and then the dark one (`<name>-light.png`, `-dark.png` in `dir`); light again after. */
export async function shootLightDark(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}-light.png`) });
  await page.click('.topbar button[aria-label^="Switch to"]');
  await page.waitForSelector('html[data-theme="dark"]');
  await page.screenshot({ path: join(dir, `${name}-dark.png`) });
  await page.click('.topbar button[aria-label^="Switch to"]');
  await page.waitForSelector('html[data-theme="light"]');
}

/** Starts the `npm start` browser fallback with its native engine (scripts/serve-fallback.mjs) on a free port; resolves with it and its page's URL. */
export async function startFallbackServer(repo: string): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, ['scripts/serve-fallback.mjs', '--port', '0'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /native engine at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`serve-fallback exited (${code}): ${out}`)));
  });
  return { server, url };
}
