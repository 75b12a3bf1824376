/**
 * Expected figures computed independently of the renderer: the same sample files loaded with the
 * Node engine (blocking DuckDB-wasm build) and summed with SQL there; money text is produced from
 * minor units with a grouping written here, not with the renderer's formatter.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createNodeEngine } from '../../src/engine/node-engine';
import type { Engine } from '../../src/engine/engine';
import { loadLocalFile } from '../../src/ingest/node-files';
import { toMinorUnits, currencyExponent } from '../../src/model/money';
import { isConfigFile, isSampleDataPath, startupSamplePaths } from '../../renderer/features/data/sample-filter';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { defaultBillingConfig, parseBillingConfig, type BillingConfig } from '../../src/model/mappings';
import { createAdapterRegistry } from '../../src/ingest/registry';
import { prepareBillingTables } from '../../src/analysis/reconcile/prepare';
import { reconcile, type ReconcileResult } from '../../src/analysis/reconcile/reconcile';
import { margin, type MarginReport } from '../../src/analysis/margin/margin';

/** The samples the app opens at start (the app's own rules, sample-filter.ts). */
export function sampleFiles(repo: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (isSampleDataPath(relative(repo, p).split('\\').join('/'))) out.push(p);
    }
  };
  walk(join(repo, 'samples'));
  const rel = (p: string) => relative(repo, p).split('\\').join('/');
  const start = new Set(startupSamplePaths(out.map(rel)));
  return out.filter((p) => start.has(rel(p))).sort((a, b) => rel(a).localeCompare(rel(b)));
}

export interface SamplesRun {
  engine: Engine;
  cfg: BillingConfig;
  loaded: string[];
  failed: { file: string; message: string }[];
  recon: ReconcileResult;
  margin: MarginReport;
}

let cached: Promise<SamplesRun> | null = null;

/** One Node engine with every sample loaded (settings first, as the app does) and the analyses run. */
export function samplesRun(repo: string): Promise<SamplesRun> {
  cached ??= (async () => {
    const engine = await createNodeEngine();
    const files = sampleFiles(repo);
    let cfg = defaultBillingConfig();
    for (const f of files.filter((x) => isConfigFile(basename(x)))) cfg = parseBillingConfig(readFileSync(f, 'utf8'), basename(f));
    const adapters = createAdapterRegistry(cfg);
    const loaded: string[] = [];
    const failed: { file: string; message: string }[] = [];
    for (const f of files.filter((x) => !isConfigFile(basename(x)))) {
      try {
        await loadLocalFile(engine, f, { adapters });
        loaded.push(relative(repo, f));
      } catch (e) {
        // The app shows these as error cards; they add nothing to the figures.
        failed.push({ file: relative(repo, f), message: e instanceof Error ? e.message : String(e) });
      }
    }
    await prepareBillingTables(engine, cfg);
    return { engine, cfg, loaded, failed, recon: await reconcile(engine, cfg), margin: await margin(engine, cfg) };
  })();
  return cached;
}

export async function samplesEngine(repo: string): Promise<Engine> {
  return (await samplesRun(repo)).engine;
}

/** numerator/denominator as a percentage with one decimal, half away from zero, on bigints. */
export function percentText(numerator: bigint, denominator: bigint): string {
  const neg = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = (numerator < 0n ? -numerator : numerator) * 1000n;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return `${neg ? '−' : ''}${q / 10n}.${q % 10n}%`;
}

/** "1234567.125" USD -> "1,234,567.13"; negatives in parentheses. Independent of the renderer. */
export function moneyText(amount: string, currency: string): string {
  const minor = toMinorUnits(amount, currency);
  const exp = currencyExponent(currency);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  const int = digits.slice(0, digits.length - exp);
  const frac = exp ? '.' + digits.slice(digits.length - exp) : '';
  let grouped = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) grouped += ',';
    grouped += int[i];
  }
  return neg ? `(${grouped}${frac})` : grouped + frac;
}

/** The currency the app selects first: USD when present, else the first code alphabetically. */
export async function defaultCurrency(engine: Engine): Promise<string> {
  const rows = await engine.query<{ c: string }>(
    'SELECT DISTINCT c FROM (SELECT BillingCurrency AS c FROM cost_lines UNION SELECT currency FROM invoice_lines) WHERE c IS NOT NULL ORDER BY c',
  );
  const list = rows.map((r) => r.c);
  return list.includes('USD') ? 'USD' : list[0];
}
