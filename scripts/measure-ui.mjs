#!/usr/bin/env node
/**
 * Figures for the renderer, in Chromium against the built app (`node scripts/measure-ui.mjs
 * [--no-build] [--rows N] [--file PATH] [--pause MS] [--profile PATH]`):
 *  1. cold start: navigation -> engine ready -> first KPI tile with a value -> samples settled;
 *  2. a generated FOCUS cost file of N rows (default 1,000,000), or any file given with
 *     --file PATH (e.g. bench-data/focus-1.2-1000000.parquet), opened through the file chooser
 *     while the engine works in its worker: load time, and UI responsiveness meanwhile —
 *     requestAnimationFrame gaps on the main thread and the delay between a real key press
 *     (sent every 100 ms) and its handler;
 *  3. the cost explorer on that file: grouping, range, granularity, cost metric and filter
 *     changes, each timed in the page from its input event to the painted frame showing the chart
 *     (as ECharts drew it) and the grid redrawn (p50/p95/max), with where the time went (before
 *     the first statement, statements, after the last answer), each change's statements and
 *     their own engine time, and the page's main-thread time.
 */
import { build } from 'vite';
import { register } from 'tsx/esm/api';
import { statSync, writeFileSync } from 'node:fs';
import { generateCost } from './ui-cost-file.mjs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadavg } from 'node:os';

const repo = fileURLToPath(new URL('..', import.meta.url));
process.chdir(repo);
const args = process.argv.slice(2);
const rows = args.includes('--rows') ? Number(args[args.indexOf('--rows') + 1]) : 1_000_000;
const given = args.includes('--file') ? args[args.indexOf('--file') + 1] : undefined;
/** --profile PATH: a main-thread CPU profile of the explorer changes (an unminified build, so names are readable). */
/** --pause MS: an analyst's pause between changes (default 0: back to back), untimed; background work may use it. */
const pause = args.includes('--pause') ? Number(args[args.indexOf('--pause') + 1]) : 0;
const profile = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined;
if (!args.includes('--no-build'))
  await build({ configFile: join(repo, 'vite.config.ts'), logLevel: 'warn', ...(profile ? { build: { minify: false, sourcemap: false } } : {}) });

/** Main-thread busy time of the page (Chrome's TaskDuration, ms), through a CDP session. */
async function mainThreadMs(page) {
  page.__cdp ??= await page
    .context()
    .newCDPSession(page)
    .then(async (c) => (await c.send('Performance.enable'), c));
  const { metrics } = await page.__cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
}

/**
 * One change, timed in the page from the input event (the first pointerdown, click, input or
 * change it fires; its event timeStamp) to the frame that shows the redrawn explorer: a new
 * view, its queries answered, the chart marked as drawn for that view (Chart's data-drawn, set
 * after ECharts drew it), the grid's count and first cells in; the time is taken just after that
 * frame is painted (a message posted from its requestAnimationFrame callback runs after paint).
 * Also: when the first statement was sent and the last answered, for where the time went.
 */
async function timed(page, action) {
  if (pause) await new Promise((r) => setTimeout(r, pause));
  const main0 = await mainThreadMs(page);
  const before = await page.getAttribute('[data-testid="explorer"]', 'data-view');
  await page.evaluate((b) => {
    window.__finopsQueryLog = [];
    window.__input = undefined;
    const first = (e) => (window.__input ??= e.timeStamp);
    const kinds = ['pointerdown', 'mousedown', 'click', 'input', 'change'];
    for (const k of kinds) document.addEventListener(k, first, { capture: true, once: true });
    window.__redrawn = new Promise((resolve) => {
      const shown = () => {
        const ex = document.querySelector('[data-testid="explorer"]');
        const v = ex?.getAttribute('data-view');
        return (
          v !== b &&
          ex?.getAttribute('data-loading') === 'false' &&
          ex.querySelector('[data-drawn]')?.getAttribute('data-drawn') === v &&
          !document.querySelector('[data-testid="explorer-grid"] [aria-busy="true"], [data-testid="explorer-grid"] .cell.pending')
        );
      };
      const tick = () => {
        if (!shown()) return requestAnimationFrame(tick);
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          for (const k of kinds) document.removeEventListener(k, first, { capture: true });
          resolve(performance.now());
        };
        ch.port2.postMessage(0);
      };
      requestAnimationFrame(tick);
    });
  }, before);
  await action();
  const { painted, input, log } = await page.evaluate(async () => {
    const painted = await Promise.race([window.__redrawn, new Promise((_, no) => setTimeout(() => no(new Error('no redraw in 60 s')), 60_000))]);
    const l = window.__finopsQueryLog;
    window.__finopsQueryLog = undefined;
    return { painted, input: window.__input, log: l };
  });
  if (input === undefined) throw new Error('the action fired no input event');
  // Statements of this change (a background build's piece sent before the input still holds the engine: it counts in engine time only).
  const mine = log.filter((q) => q.start >= input);
  const first = Math.min(...mine.map((q) => q.start));
  const last = Math.max(...mine.map((q) => q.end));
  const phases = mine.length ? { toFirstQuery: first - input, queries: last - first, afterLast: painted - last } : null;
  return { ms: painted - input, phases, queries: ownTimes(log), mainMs: (await mainThreadMs(page)) - main0 };
}

/**
 * Statements of one change (renderer/engine/query-log.ts) with their own time: the engine runs one
 * at a time, so own = end - max(start, previous end). The shape of the SQL names each.
 */
function ownTimes(log) {
  let prev = 0;
  return [...log]
    .sort((a, b) => a.end - b.end)
    .map((q) => {
      const own = q.end - Math.max(q.start, prev);
      prev = q.end;
      return { sql: q.sql, own };
    });
}

/** A short name for a logged statement: the table or the query shape it reads. */
function shape(sql) {
  if (/^CREATE TEMP TABLE/.test(sql))
    return `build ${/__explorer_(rollup|view)_\w+/.exec(sql)?.[0] ?? 'table'}${/FROM cost_lines/.test(sql) ? ' from lines' : ''}`;
  for (const [alias, name] of [
    ['grid_t', 'grid totals'],
    ['grid_q', 'grid page'],
    ['grid_c', 'grid count'],
    ['grid_d', 'grid columns'],
  ])
    if (sql.includes(alias)) return name;
  if (/^WITH agg AS \( SELECT date_trunc\(\?/.test(sql) || /^WITH top AS/.test(sql)) return 'chart';
  if (/^WITH agg AS/.test(sql) && sql.includes('in_now')) return 'tiles';
  return sql.slice(0, 50);
}

const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function measureExplorer(page) {
  const load0 = loadNow();
  await page.click('[data-testid="nav-explorer"]');
  await page.waitForSelector('[data-testid="explorer"][data-loading="false"]', { timeout: 120_000 });
  const steps = [
    ['group by region', () => page.selectOption('select[aria-label="Group by"]', 'column:RegionId')],
    ['group by sub-account', () => page.selectOption('select[aria-label="Group by"]', 'column:SubAccountId')],
    ['then by service', () => page.selectOption('select[aria-label="Then by"]', 'column:ServiceName')],
    ['group by resource (5,000)', () => page.selectOption('select[aria-label="Group by"]', 'column:ResourceId')],
    ['group by service', () => page.selectOption('select[aria-label="Group by"]', 'column:ServiceName')],
    ['range: last 30 days', () => page.selectOption('select[aria-label="Range"]', 'rolling30')],
    ['range: month', () => page.selectOption('select[aria-label="Range"]', 'month')],
    ['range: all data', () => page.selectOption('select[aria-label="Range"]', 'all')],
    ['granularity: week', () => page.click('[aria-label="Granularity"] button:has-text("Week")')],
    ['granularity: day', () => page.click('[aria-label="Granularity"] button:has-text("Day")')],
    ['actual cost', () => page.click('[aria-label="Cost"] button:has-text("Actual")')],
    ['amortized cost', () => page.click('[aria-label="Cost"] button:has-text("Amortized")')],
  ];
  const times = [];
  if (profile) {
    await mainThreadMs(page);
    await page.__cdp.send('Profiler.enable');
    await page.__cdp.send('Profiler.start');
  }
  for (let round = 0; round < 2; round++) {
    for (const [what, action] of steps) {
      const t = await timed(page, action).catch(async (e) => {
        const state = await page.$eval('[data-testid="explorer"]', (x) => [x.getAttribute('data-loading'), x.getAttribute('data-view')]);
        throw new Error(`explorer step "${what}" did not redraw (${state}): ${e.message}`);
      });
      times.push([what, t]);
    }
    // A filter: editor opened untimed, Apply and removing the chip timed.
    await page.click('button:has-text("+ Filter")');
    await page.selectOption('[data-testid="filter-editor"] select[aria-label="Filter dimension"]', 'column:RegionId');
    await page.locator('[data-testid="filter-editor"] .filter-values input').first().check();
    times.push(['filter: one region', await timed(page, () => page.click('[data-testid="filter-editor"] button:has-text("Apply filter")'))]);
    times.push(['remove the filter', await timed(page, () => page.click('[data-testid="filter-chip"] button'))]);
  }
  if (profile) {
    const { profile: prof } = await page.__cdp.send('Profiler.stop');
    writeFileSync(profile, JSON.stringify(prof));
    const self = new Map();
    const dt = prof.timeDeltas;
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    prof.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
    console.log(
      `main-thread self time over the explorer changes (top 30, ms):\n${top.map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ${k}`).join('\n')}`,
    );
  }
  for (const [what, t] of times) {
    const engineMs = t.queries.reduce((a, q) => a + q.own, 0);
    const ph = t.phases
      ? `input -> first statement ${t.phases.toFirstQuery.toFixed(0)}, statements ${t.phases.queries.toFixed(0)}, last answer -> painted ${t.phases.afterLast.toFixed(0)}; `
      : 'no statements; ';
    console.log(
      `  ${what.padEnd(26)} ${t.ms.toFixed(0).padStart(5)} ms (${ph}main thread ${t.mainMs.toFixed(0)} ms; engine ${engineMs.toFixed(0)} ms: ${t.queries.map((q) => `${shape(q.sql)} ${q.own.toFixed(0)}`).join(', ')})`,
    );
  }
  const ms = times.map(([, t]) => t.ms).sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  const slowest = [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3);
  console.log(
    `cost explorer redraw over ${ms.length} changes: p50 ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms; ` +
      `slowest: ${slowest.map(([w, t]) => `${w} ${t.ms.toFixed(0)} ms`).join(', ')}; ${pause} ms between changes; load average ${load0} before, ${loadNow()} after`,
  );
}

register();
const { serveStatic } = await import('../test/ui/static-server.ts');
const { launchChromium, APP_VIEWPORT } = await import('../test/ui/chromium.ts');
const server = await serveStatic({ '/': join(repo, 'dist') });
const { browser, dispose } = await launchChromium();
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
try {
  // 1. Cold start.
  const ctx = await browser.newContext({ viewport: APP_VIEWPORT });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  const engineReady = await page.waitForFunction(() => document.querySelector('.app[data-engine="ready"]') && performance.now(), null, {
    timeout: 120_000,
    polling: 20,
  });
  const firstKpi = await page.waitForFunction(
    () => {
      const t = document.querySelector('[data-testid="kpi-provider-cost"]')?.textContent ?? '';
      return /\d/.test(t) && performance.now();
    },
    null,
    { timeout: 120_000, polling: 20 },
  );
  const settled = await page.waitForFunction(
    () => document.querySelector('.app[data-startup="done"][data-busy="false"][data-analysis="done"]') && performance.now(),
    null,
    { timeout: 300_000, polling: 50 },
  );
  const files = await page.getAttribute('.app', 'data-files');
  console.log(
    `start: engine ready ${fmt(await engineReady.jsonValue())}, first KPI tiles ${fmt(await firstKpi.jsonValue())}, ` +
      `all ${files} samples loaded and analysed ${fmt(await settled.jsonValue())} (from navigation start)`,
  );

  // 2. A big cost file while measuring responsiveness.
  const file = given ?? join(repo, 'bench-data', `ui-cost-${rows}.csv`);
  if (!given) await generateCost(file, rows);
  console.log(`cost file: ${given ?? `${rows.toLocaleString('en-US')} rows`}, ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  await page.evaluate(() => {
    const w = window;
    w.__gaps = [];
    w.__keyDelays = [];
    let last = performance.now();
    const tick = (now) => {
      w.__gaps.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    document.addEventListener('keydown', (e) => w.__keyDelays.push(performance.now() - e.timeStamp), true);
  });
  /** Presses a key every 100 ms until `done` resolves; returns main-thread figures for that window. */
  const responsiveWhile = async (done) => {
    await page.evaluate(() => {
      window.__gaps.length = 0;
      window.__keyDelays.length = 0;
    });
    let finished = false;
    const wait = done.then(() => (finished = true));
    while (!finished) {
      await page.keyboard.press('Shift');
      await new Promise((r) => setTimeout(r, 100));
    }
    await wait;
    return page.evaluate(() => {
      const w = window;
      const q = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))] ?? 0;
      return {
        frames: w.__gaps.length,
        gapP50: q(w.__gaps, 0.5),
        gapP95: q(w.__gaps, 0.95),
        gapMax: Math.max(0, ...w.__gaps),
        keys: w.__keyDelays.length,
        keyP95: q(w.__keyDelays, 0.95),
        keyMax: Math.max(0, ...w.__keyDelays),
      };
    });
  };
  const show = (what, st) =>
    console.log(
      `responsiveness ${what}: ${st.frames} frames, rAF gap p50 ${st.gapP50.toFixed(1)} ms, p95 ${st.gapP95.toFixed(1)} ms, max ${st.gapMax.toFixed(0)} ms; ` +
        `key press -> handler p95 ${st.keyP95.toFixed(1)} ms, max ${st.keyMax.toFixed(1)} ms over ${st.keys} presses`,
    );
  const before = Number(files);
  const errorsBefore = Number(await page.getAttribute('.app', 'data-errors'));
  console.log(`analysis steps at start (ms): ${await page.getAttribute('html', 'data-analysis-timings')}`);
  await page.click('[data-testid="nav-data"]');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="open-files"]')]);
  await page.focus('[data-testid="nav-data"]');
  const t0 = Date.now();
  await chooser.setFiles(file);
  const loading = page.waitForFunction(
    ([n, e]) =>
      Number(document.querySelector('.app')?.getAttribute('data-files')) > n ||
      Number(document.querySelector('.app')?.getAttribute('data-errors')) > e,
    [before, errorsBefore],
    { timeout: 600_000, polling: 100 },
  );
  const whileLoading = await responsiveWhile(loading);
  const loadMs = Date.now() - t0;
  const errors = (await page.$$eval('[data-testid="load-errors"] .card', (c) => c.map((x) => x.textContent))).slice(errorsBefore);
  if (errors.length) console.log(`load FAILED: ${errors.join(' | ')}`);
  const rowsText = await page.$eval('[data-testid="loaded-files"] tbody tr:last-child td:nth-child(4)', (td) => td.textContent).catch(() => '?');
  console.log(`load: ${rowsText} rows in ${fmt(loadMs)} (engine in its worker)`);
  show('while loading', whileLoading);
  const t1 = Date.now();
  const whileAnalysing = await responsiveWhile(page.waitForSelector('.app[data-busy="false"][data-analysis="done"]', { timeout: 600_000 }));
  console.log(`analyses after the load (margin, reconciliation, anomalies, fraud, proposals): ${fmt(Date.now() - t1)}`);
  console.log(`analysis steps after the load (ms): ${await page.getAttribute('html', 'data-analysis-timings')}`);
  show('while analysing', whileAnalysing);
  await measureExplorer(page);
  await ctx.close();
} finally {
  await dispose();
  await server.close();
}
