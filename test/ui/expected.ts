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
import { isSampleDataPath } from '../../renderer/features/data/sample-filter';


/** The files the app bundles: samples/** data files (the app's own rule, sample-filter.ts). */
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
  return out.sort((a, b) => relative(repo, a).localeCompare(relative(repo, b)));
}

let cached: Promise<Engine> | null = null;

/** One Node engine with every sample loaded (in the app's order). */
export function samplesEngine(repo: string): Promise<Engine> {
  cached ??= (async () => {
    const engine = await createNodeEngine();
    for (const f of sampleFiles(repo)) {
      try {
        await loadLocalFile(engine, f);
      } catch {
        // A sample the app also rejects: it shows as an error card there, and adds nothing here.
      }
    }
    return engine;
  })();
  return cached;
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
