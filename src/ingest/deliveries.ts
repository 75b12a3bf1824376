/**
 * Deliveries: what a loaded file is as a delivery of data, so the same export opened twice is not
 * counted twice. A file is recognised by the SHA-256 of its bytes (name and date do not matter); a
 * cost export with the same format, provider, billing accounts and billing periods as one already
 * loaded is a restated delivery (what AWS, Azure and FOCUS exports mean by a re-published open
 * period): it replaces the older one. A billing ledger export (invoice lines) of the same name,
 * billing system and invoice periods is one too (an invoice export re-run after a correction); usage
 * events, price books and rates add (usage duplicates are findings of the analysis, not of loading). Taking a delivery out deletes its rows from every canonical
 * table in one transaction.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Engine } from '../engine/engine';
import { UserError } from '../model/errors';
import { ident } from '../engine/sql';
import { CANONICAL_TABLES } from '../model/schema';

/**
 * SHA-256 (hex) of a stream, chunk by chunk: a large file is never held twice in memory.
 * `onBytes` reports the bytes hashed so far; an aborted signal stops with a UserError.
 */
export async function sha256OfStream(
  stream: ReadableStream<Uint8Array>,
  opts: { file?: string; signal?: AbortSignal; onBytes?: (bytes: number) => void } = {},
): Promise<string> {
  const h = sha256.create();
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw new UserError(`${opts.file ?? 'file'}: load cancelled`, { file: opts.file });
      const { done, value } = await reader.read();
      if (done) break;
      h.update(value);
      bytes += value.byteLength;
      opts.onBytes?.(bytes);
    }
  } finally {
    reader.releaseLock();
  }
  return bytesToHex(h.digest());
}

/** Who delivered a cost or ledger file and for which billing periods (from its rows in cost_lines / invoice_lines). */
export interface DeliveryFacts {
  providers: string[];
  billingAccounts: string[];
  subAccounts: string[];
  /** Billing periods as UTC months 'YYYY-MM' (BillingPeriodStart). */
  periods: string[];
  /** Rows with ChargeClass = 'Correction': such a file adds corrections, it restates nothing. */
  corrections: number;
}

/** A loaded (or incoming) file as a delivery. */
export interface Delivery {
  name: string;
  kind: string;
  format: string;
  sha256: string;
  /** The file's modification time (ms since epoch); 0 when unknown (bundled samples). */
  lastModified: number;
  /** Null for kinds without delivery identity (usage, ledgers, price books). */
  facts: DeliveryFacts | null;
}

export type DeliveryPlan =
  /** Added beside what is loaded; `overlaps` names loaded files that share accounts and periods. */
  | { action: 'add'; overlaps: { name: string; periods: string[] }[] }
  /** A restated delivery: the files in `replaces` are taken out. */
  | { action: 'replace'; replaces: string[]; periods: string[] }
  /** An older delivery of what `newer` already holds: it is not kept. */
  | { action: 'older'; newer: string; periods: string[] };

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && sorted(a).every((x, i) => x === sorted(b)[i]);
const common = (a: readonly string[], b: readonly string[]) => sorted(a.filter((x) => b.includes(x)));

/** The loaded file with these bytes, if any. */
export function findDuplicate(loaded: readonly Delivery[], sha: string): Delivery | undefined {
  return loaded.find((d) => d.sha256 === sha);
}

/**
 * The file name a provider gives a delivery, without the " (2)" the app adds to a second file of
 * that name. Providers restate by writing the same object again (AWS Data Exports and Azure
 * exports overwrite or re-version the same key), so a restatement arrives under the same name;
 * another name for the same account and period may be another part of one delivery and is
 * never taken for a restatement (it is added, and the overlap named).
 */
export function deliveryName(name: string): string {
  return name.replace(/ \(\d+\)(?=\.[^.]*$|$)/, '');
}

/** True when `b` is a later edition of the same delivery as `a` (same name, source and billing periods). */
function sameDelivery(a: Delivery, b: Delivery): boolean {
  if (deliveryName(a.name) !== deliveryName(b.name)) return false;
  const fa = a.facts;
  const fb = b.facts;
  if (!fa || !fb || a.kind !== b.kind || a.format !== b.format) return false;
  // A ledger names no billing account: its name, billing system and invoice periods identify it.
  if ((a.kind === 'cost' && fa.billingAccounts.length === 0) || fa.periods.length === 0) return false;
  // Exports scoped to different sub-accounts (subscriptions, linked accounts) are two sources.
  const subScoped = fa.subAccounts.length > 0 && fb.subAccounts.length > 0 && common(fa.subAccounts, fb.subAccounts).length === 0;
  return sameSet(fa.providers, fb.providers) && sameSet(fa.billingAccounts, fb.billingAccounts) && sameSet(fa.periods, fb.periods) && !subScoped;
}

/**
 * What to do with a file just read: replace a restated delivery, drop an older one, or add it.
 * A correction delivery (ChargeClass = Correction rows) always adds. Which edition is newer: the
 * files' modification times when both are known, else the one opened last.
 */
export function planDelivery(loaded: readonly Delivery[], incoming: Delivery): DeliveryPlan {
  const f = incoming.facts;
  if (!f || f.corrections > 0) return { action: 'add', overlaps: [] };
  const same = loaded.filter((d) => d.name !== incoming.name && sameDelivery(d, incoming));
  const newer = same.find((d) => d.lastModified > 0 && incoming.lastModified > 0 && d.lastModified > incoming.lastModified);
  if (newer) return { action: 'older', newer: newer.name, periods: sorted(f.periods) };
  if (same.length) return { action: 'replace', replaces: same.map((d) => d.name), periods: sorted(f.periods) };
  const overlaps = loaded
    .filter((d) => d.kind === incoming.kind && d.facts && common(d.facts.billingAccounts, f.billingAccounts).length > 0)
    .map((d) => ({ name: d.name, periods: common(d.facts!.periods, f.periods) }))
    .filter((o) => o.periods.length > 0);
  return { action: 'add', overlaps };
}

/** '2024-03', '2024-01 – 2024-03' for a run of months, else a list. */
export function periodsLabel(periods: readonly string[]): string {
  const p = sorted(periods);
  const month = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
  const contiguous = p.every((x, i) => i === 0 || month(x) === month(p[i - 1]) + 1);
  return p.length > 2 && contiguous ? `${p[0]} – ${p[p.length - 1]}` : p.join(', ');
}

/** The one-line notice for a plan (and for a duplicate: `planDelivery` is not reached then). */
export function planMessage(incoming: string, plan: DeliveryPlan): string {
  switch (plan.action) {
    case 'replace': {
      const what = plan.replaces.includes(incoming)
        ? `The new ${incoming} replaces the loaded ${plan.replaces.join(', ')}`
        : `${incoming} replaces ${plan.replaces.join(', ')}`;
      return `${what}: restated delivery for ${periodsLabel(plan.periods)}.`;
    }
    case 'older':
      return `${incoming} is an older delivery for ${periodsLabel(plan.periods)} than ${plan.newer}, which is loaded; nothing was added.`;
    case 'add':
      return plan.overlaps.length === 0
        ? `${incoming} added.`
        : `${incoming} added; it shares billing accounts and periods with ${plan.overlaps.map((o) => `${o.name} (${periodsLabel(o.periods)})`).join(', ')}: remove one if they are the same costs.`;
  }
}

export function duplicateMessage(incoming: string, loaded: Delivery): string {
  return `${incoming} has the same content as ${loaded.name}, which is loaded (SHA-256 ${loaded.sha256.slice(0, 12)}…); nothing was added.`;
}

const listOf = (col: string) =>
  `coalesce(array_sort(list(DISTINCT ${ident(col)}) FILTER (WHERE ${ident(col)} IS NOT NULL AND ${ident(col)} <> '')), [])`;

/** The invoice periods and billing system of a ledger file (a restated invoice export replaces the older one). */
async function ledgerFacts(engine: Engine, file: string): Promise<DeliveryFacts> {
  const [r] = await engine.query<{ providers: string[]; periods: string[] }>(
    `SELECT ${listOf('source_format')} AS providers,
       coalesce(array_sort(list(DISTINCT strftime(coalesce(period_start, issued_at), '%Y-%m')) FILTER (WHERE coalesce(period_start, issued_at) IS NOT NULL)), []) AS periods
     FROM invoice_lines WHERE source_file = ?`,
    [file],
  );
  return { providers: [...r.providers], billingAccounts: [], subAccounts: [], periods: [...r.periods], corrections: 0 };
}

/** The delivery facts of a loaded file: cost and ledger files (usage, prices and rates are not restated deliveries). */
export async function readDeliveryFacts(engine: Engine, table: string, file: string): Promise<DeliveryFacts | null> {
  if (table === 'invoice_lines') return ledgerFacts(engine, file);
  if (table !== 'cost_lines') return null;
  const [r] = await engine.query<{ providers: string[]; accounts: string[]; subs: string[]; periods: string[]; corrections: number }>(
    `SELECT ${listOf('ProviderName')} AS providers, ${listOf('BillingAccountId')} AS accounts, ${listOf('SubAccountId')} AS subs,
       coalesce(array_sort(list(DISTINCT strftime(BillingPeriodStart, '%Y-%m')) FILTER (WHERE BillingPeriodStart IS NOT NULL)), []) AS periods,
       count(*) FILTER (WHERE lower(ChargeClass) = 'correction') AS corrections
     FROM cost_lines WHERE source_file = ?`,
    [file],
  );
  return {
    providers: [...r.providers],
    billingAccounts: [...r.accounts],
    subAccounts: [...r.subs],
    periods: [...r.periods],
    corrections: Number(r.corrections),
  };
}

/** Canonical tables keyed by source_file (cost_tags hangs off cost_lines by line id). */
const FILE_TABLES = Object.entries(CANONICAL_TABLES)
  .filter(([, cols]) => cols.some((c) => c.name === 'source_file'))
  .map(([t]) => t);

/**
 * Takes files out of the canonical tables and optionally gives a just-loaded file the name of the
 * one it replaces, all in one transaction: either every change happens or none.
 */
export async function retireFiles(engine: Engine, remove: readonly string[], rename?: { from: string; to: string }): Promise<void> {
  if (remove.length === 0 && !rename) return;
  const marks = remove.map(() => '?').join(', ');
  await engine.transaction(async () => {
    if (remove.length) {
      await engine.query(`DELETE FROM cost_tags WHERE line_id IN (SELECT x_line_id FROM cost_lines WHERE source_file IN (${marks}))`, remove);
      for (const t of FILE_TABLES) await engine.query(`DELETE FROM ${ident(t)} WHERE source_file IN (${marks})`, remove);
    }
    if (rename)
      for (const t of FILE_TABLES) await engine.query(`UPDATE ${ident(t)} SET source_file = ? WHERE source_file = ?`, [rename.to, rename.from]);
  });
}
