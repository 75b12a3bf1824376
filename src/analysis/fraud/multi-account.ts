/**
 * Multi-accounting and free-tier riding: several accounts sharing a payment fingerprint, a
 * normalised e-mail address (case, +tags and Gmail dots removed) or an IP address. Read from
 * usage_events.properties (JSON text) and, when present, a `customers` table with email /
 * payment_fingerprint / ip columns. Shared fingerprints and e-mails are strong signals; a shared
 * IP alone needs three accounts (offices and NAT share addresses).
 */
import type { Engine } from '../../engine/engine';
import type { FraudFinding } from '../../model/findings';
import { ident } from '../../engine/sql';
import { columnsOf, jsonField, tableExists } from './common';

export function normalizeEmail(raw: string): string {
  const e = raw.trim().toLowerCase();
  const at = e.lastIndexOf('@');
  if (at < 1) return e;
  let local = e.slice(0, at).split('+')[0];
  let domain = e.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

type Signal = 'payment_fingerprint' | 'email' | 'ip';
const WEIGHT: Record<Signal, number> = { payment_fingerprint: 3, email: 2, ip: 1 };
const MIN_ACCOUNTS: Record<Signal, number> = { payment_fingerprint: 2, email: 2, ip: 3 };

export async function multiAccounting(engine: Engine): Promise<FraudFinding[]> {
  const rows: { customer: string; signal: Signal; value: string }[] = [];
  // Events that carry none of the identifiers link nothing: only the others are made distinct.
  const props = await engine.query(
    `SELECT DISTINCT * FROM (SELECT customer_id,
       ${jsonField('properties', ['payment_fingerprint', 'card_fingerprint', 'fingerprint'])} AS fp,
       ${jsonField('properties', ['email', 'user_email', 'billing_email'])} AS email,
       ${jsonField('properties', ['ip', 'ip_address', 'client_ip', 'source_ip'])} AS ip
     FROM usage_events WHERE properties IS NOT NULL AND customer_id IS NOT NULL AND customer_id <> '')
     WHERE fp IS NOT NULL OR email IS NOT NULL OR ip IS NOT NULL`,
  );
  for (const r of props) add(rows, String(r.customer_id), r.fp, r.email, r.ip);
  if (await tableExists(engine, 'customers')) {
    const cols = await columnsOf(engine, 'customers');
    const pick = (names: string[]) => names.find((n) => cols.includes(n));
    const id = pick(['customer_id', 'id']);
    const fp = pick(['payment_fingerprint', 'card_fingerprint']);
    const email = pick(['email', 'billing_email']);
    const ip = pick(['ip', 'ip_address', 'signup_ip']);
    if (id) {
      const sel = [
        ident(id) + ' AS customer_id',
        fp ? ident(fp) + ' AS fp' : 'NULL AS fp',
        email ? ident(email) + ' AS email' : 'NULL AS email',
        ip ? ident(ip) + ' AS ip' : 'NULL AS ip',
      ];
      for (const r of await engine.query(`SELECT ${sel.join(', ')} FROM customers`)) add(rows, String(r.customer_id), r.fp, r.email, r.ip);
    }
  }
  const groups = new Map<string, Set<string>>();
  for (const r of rows) {
    const k = `${r.signal}\u0000${r.value}`;
    const g = groups.get(k) ?? new Set<string>();
    g.add(r.customer);
    groups.set(k, g);
  }
  // Per account: every shared identifier and the accounts it links to.
  const perAccount = new Map<string, { score: number; parts: string[]; linked: Set<string> }>();
  for (const [k, accounts] of groups) {
    const [signal, value] = k.split('\u0000') as [Signal, string];
    if (accounts.size < MIN_ACCOUNTS[signal]) continue;
    for (const a of accounts) {
      const e = perAccount.get(a) ?? { score: 0, parts: [], linked: new Set<string>() };
      e.score += WEIGHT[signal] * (accounts.size - 1);
      const others = [...accounts].filter((x) => x !== a).sort();
      e.parts.push(`${signal.replace('_', ' ')} ${mask(signal, value)} shared with ${others.join(', ')}`);
      others.forEach((o) => e.linked.add(o));
      perAccount.set(a, e);
    }
  }
  return [...perAccount.entries()]
    .map(([customer, e]) => ({
      id: `multi_account|${customer}`,
      rule: 'multi_account',
      customer_id: customer,
      score: e.score,
      evidence: `${e.linked.size + 1} accounts linked: ${e.parts.join('; ')}`,
      amount: null,
      currency: null,
    }))
    .sort((a, b) => b.score - a.score || a.customer_id.localeCompare(b.customer_id));
}

function add(rows: { customer: string; signal: Signal; value: string }[], customer: string, fp: unknown, email: unknown, ip: unknown): void {
  if (typeof fp === 'string' && fp.trim()) rows.push({ customer, signal: 'payment_fingerprint', value: fp.trim() });
  if (typeof email === 'string' && email.includes('@')) rows.push({ customer, signal: 'email', value: normalizeEmail(email) });
  if (typeof ip === 'string' && ip.trim()) rows.push({ customer, signal: 'ip', value: ip.trim() });
}

/** Evidence shows enough to match, not the full identifier. */
function mask(signal: Signal, value: string): string {
  if (signal === 'payment_fingerprint') return `…${value.slice(-6)}`;
  if (signal === 'email') return value.replace(/^(.).*(@.*)$/, '$1…$2');
  return value;
}
