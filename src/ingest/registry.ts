/**
 * The adapter registry: the source formats a load may detect, by header (never file name). A
 * registry is a value: createAdapterRegistry(config) builds one (cost adapters, then the billing
 * adapters configured by the mappings), and the caller passes it to loadFile / requireFormat.
 * Nothing is registered globally: a new config means a new registry.
 *
 * Adding a format: its adapter file, and one entry in cost/index.ts or billing/index.ts.
 */
import { UserError } from '../model/errors';
import type { Adapter, DataKind } from './adapter';
import { billingAdapters, type BillingAdapterConfig } from './billing/index';
import { costAdapters } from './cost/index';

export interface AdapterRegistry {
  /** Every adapter, in detection order (ties go to the earlier one). */
  readonly adapters: readonly Adapter[];
  /** The best-scoring adapter for these headers (optionally only of one kind), or null. */
  detect(headers: readonly string[], kindHint?: DataKind): { adapter: Adapter; score: number } | null;
  /** detect(), or a UserError that says what the file has and what each format expects. */
  require(file: string, headers: readonly string[], opts?: { kindHint?: DataKind; hint?: string }): Adapter;
  /** A new registry with these adapters added after the others (tests, plug-ins). */
  with(...extra: Adapter[]): AdapterRegistry;
}

/** The registry of every known format; `config` (per-meter quantities, saved CSV mappings) configures the billing adapters. */
export function createAdapterRegistry(config?: BillingAdapterConfig): AdapterRegistry {
  return registryOf([...costAdapters, ...billingAdapters(config)]);
}

function registryOf(list: readonly Adapter[]): AdapterRegistry {
  const seen = new Set<string>();
  for (const a of list) {
    if (seen.has(a.format)) throw new Error(`adapter ${a.format} is already registered`);
    seen.add(a.format);
  }
  const adapters = Object.freeze([...list]);
  const registry: AdapterRegistry = {
    adapters,
    detect: (headers, kindHint) => detectIn(adapters, headers, kindHint),
    require: (file, headers, opts = {}) => requireIn(adapters, file, headers, opts),
    with: (...extra) => registryOf([...adapters, ...extra]),
  };
  return Object.freeze(registry);
}

function detectIn(adapters: readonly Adapter[], headers: readonly string[], kindHint?: DataKind): { adapter: Adapter; score: number } | null {
  let best: { adapter: Adapter; score: number } | null = null;
  for (const a of adapters) {
    if (kindHint && a.kind !== kindHint) continue;
    const d = a.detect(headers);
    if (d && d.score > 0 && (!best || d.score > best.score)) best = { adapter: a, score: d.score };
  }
  return best;
}

function requireIn(adapters: readonly Adapter[], file: string, headers: readonly string[], opts: { kindHint?: DataKind; hint?: string }): Adapter {
  const found = detectIn(adapters, headers, opts.kindHint);
  if (opts.kindHint) refuseOtherDataset(adapters, file, headers, opts.kindHint, found?.score ?? 0);
  if (found) return found.adapter;
  const shown =
    headers
      .slice(0, 6)
      .map((h) => JSON.stringify(h.length > 40 ? h.slice(0, 37) + '...' : h))
      .join(', ') + (headers.length > 6 ? `, ... (${headers.length} columns)` : '');
  const layouts = describeFormats(adapters.filter((a) => !opts.kindHint || a.kind === opts.kindHint));
  const hint = opts.hint ? ` Hint: ${opts.hint}.` : '';
  const head = `${file}: row 0 (header): unknown layout: columns ${shown} match no known ${opts.kindHint ?? ''}${opts.kindHint ? ' ' : ''}format; expected one of: `;
  // One line stays short: the first layouts that fit, the rest counted (details.alternatives has them all).
  let listed = 1;
  while (listed < layouts.length && (head + layouts.slice(0, listed + 1).join('; ') + hint).length <= MESSAGE_BUDGET) listed++;
  const rest = layouts.length - listed;
  const more = rest > 0 ? `; or ${rest} more` : '';
  throw new UserError(`${head}${layouts.slice(0, listed).join('; ')}${more}.${hint}`, {
    file,
    row: 0,
    expected: 'a known export layout',
    alternatives: layouts,
  });
}

/** Kinds recognised by columns only they have: a file of one of them given as another kind is refused by name. */
const DATASET_KINDS: readonly DataKind[] = ['invoices', 'commitments'];

/** A FOCUS Invoice Detail or Billing Period file given as cost data would half-match the cost layout; say what it is. */
function refuseOtherDataset(adapters: readonly Adapter[], file: string, headers: readonly string[], kindHint: DataKind, score: number): void {
  const best = detectIn(adapters, headers);
  if (!best || best.adapter.kind === kindHint || !DATASET_KINDS.includes(best.adapter.kind) || best.score <= score) return;
  throw new UserError(
    `${file}: row 0 (header): these are the columns of ${best.adapter.label}, not ${kindHint} data: give the file as ${best.adapter.kind}`,
    {
      file,
      row: 0,
      expected: `${kindHint} data`,
    },
  );
}

/** Length the unknown-layout line aims to stay within (before the file name grows it). */
const MESSAGE_BUDGET = 300;

/** ["focus-1.0/focus-1.1 (BilledCost, ...)", "cloudevents (...)", ...] — formats sharing a signature grouped. */
function describeFormats(list: readonly Adapter[]): string[] {
  const groups = new Map<string, string[]>();
  for (const a of list) {
    const sig = (a.signature ?? []).slice(0, 3).join(', ');
    groups.set(sig || a.format, [...(groups.get(sig || a.format) ?? []), a.format]);
  }
  return [...groups.entries()].map(([sig, formats]) => (formats.length === 1 && formats[0] === sig ? sig : `${formats.join('/')} (${sig})`));
}

/** Defaults of the optional adapter parts, by canonical table. */
export function currencyColumnOf(a: Adapter): string | undefined {
  if (a.currencyColumn) return a.currencyColumn;
  return a.table === 'cost_lines' ? 'BillingCurrency' : a.table === 'invoice_lines' || a.table === 'price_book' ? 'currency' : undefined;
}

export function totalColumnsOf(a: Adapter): readonly string[] {
  if (a.totalColumns) return a.totalColumns;
  if (a.table === 'cost_lines') return ['BilledCost', 'EffectiveCost'];
  if (a.table === 'invoice_lines') return ['amount'];
  if (a.table === 'usage_events') return ['quantity'];
  return [];
}

export function periodColumnsOf(a: Adapter): readonly [string, string] | undefined {
  if (a.periodColumns) return a.periodColumns;
  if (a.table === 'cost_lines') return ['ChargePeriodStart', 'ChargePeriodEnd'];
  if (a.table === 'usage_events') return ['ts', 'ts'];
  if (a.table === 'invoice_lines') return ['period_start', 'period_end'];
  return undefined;
}

/** 'BilledCost' -> 'billed_cost' (the key used in totals and `finops inspect --json`). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
