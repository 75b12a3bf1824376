/** Opening the built app and waiting for its start-up loads to settle. */
import type { Page } from '@playwright/test';

export async function openApp(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await waitSettled(page);
}

/** Engine up, start-up files handled, no load running and the analyses done. */
export async function waitSettled(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForSelector('.app[data-engine="ready"][data-startup="done"][data-busy="false"][data-analysis="done"]', { timeout });
}

export async function gotoScreen(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid="nav-${id}"]`);
  await page.waitForSelector(`[data-testid="screen-${id}"]`);
}

/** Visible text of every cell in the grid's rendered rows. */
export async function gridRows(page: Page, testId: string): Promise<string[][]> {
  await page.waitForSelector(`[data-testid="${testId}"] [role="grid"][aria-busy="false"]`);
  await page.waitForFunction(
    (id) => !document.querySelector(`[data-testid="${id}"] .cell.pending`),
    testId,
  );
  return page.$$eval(`[data-testid="${testId}"] .grid-body [role="row"]`, (rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((r) => Array.from(r.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent ?? '')),
  );
}

export async function gridHeaders(page: Page, testId: string): Promise<string[]> {
  return page.$$eval(`[data-testid="${testId}"] [role="columnheader"]`, (hs) => hs.map((h) => (h.textContent ?? '').replace(/[▲▼]/g, '').trim()));
}
