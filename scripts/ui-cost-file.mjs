/** The cost file scripts/measure-ui.mjs and scripts/bench/explorer.ts open: generated once into bench-data/, deterministic. */
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** A FOCUS 1.0-shaped export: 40 services × 3 regions, one line per resource-hour, 30 days. */
export async function generateCost(file, n) {
  if (existsSync(file) && statSync(file).size > 0) return;
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  out.write(
    'BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost,ProviderName,ServiceName,RegionId,SubAccountId,ResourceId\n',
  );
  const start = Date.UTC(2024, 2, 1);
  let buf = '';
  for (let i = 0; i < n; i++) {
    const t = start + (i % 720) * 3_600_000;
    const s = new Date(t).toISOString().slice(0, 19) + 'Z';
    const e = new Date(t + 3_600_000).toISOString().slice(0, 19) + 'Z';
    const svc = `Service ${i % 40}`;
    const cents = ((i * 7919) % 100000) + 1; // deterministic, exact: 0.00001 .. 1.00000
    const cost = `${Math.floor(cents / 100000)}.${String(cents % 100000).padStart(5, '0')}`;
    buf += `111122223333,USD,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,${s},${e},Usage,${cost},${cost},Bench,${svc},r${i % 3},acct${i % 17},res-${i % 5000}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}
