/**
 * How every UI run drives Debian's Chromium (never a downloaded browser): the binary, its flags and
 * the page size. Read by playwright.config.ts and by the scripts that launch it themselves
 * (scripts/measure-ui.mjs, scripts/smoke-start.mjs).
 */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet and offline: nothing but the app under test talks to the network. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium refuses its sandbox as root, so root runs (CI, these machines) go without it. */
export const CHROMIUM_LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  chromiumSandbox: process.getuid?.() !== 0,
  args: CHROMIUM_ARGS,
};

export const APP_VIEWPORT = { width: 1440, height: 900 };

/** launch() gives every run a fresh temporary profile (--user-data-dir). */
export async function launchChromium(): Promise<{ browser: Browser; dispose: () => Promise<void> }> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  return { browser, dispose: () => browser.close() };
}
