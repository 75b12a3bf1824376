import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node-engine';
import type { Engine } from '../../../src/engine/engine';
import { ensureCanonicalTables } from '../../../src/engine/ddl';
import { runFraudRules } from '../../../src/analysis/fraud/index';
import { normalizeEmail } from '../../../src/analysis/fraud/multi-account';
import { benfordTest, firstDigit, nigriniBand } from '../../../src/analysis/fraud/benford';
import type { FraudFinding } from '../../../src/model/findings';
import { formatMinor, toMinorUnits } from '../../../src/model/money';

let engine: Engine;
let findings: FraudFinding[];
const byRule = (rule: string) => findings.filter((f) => f.rule === rule);

beforeAll(async () => {
  engine = await createNodeEngine();
  await ensureCanonicalTables(engine);
  // 20 ordinary customers, first seen on days 0..38, ~100 calls a day at noon, us-east-1 / m5.
  await engine.exec(`
    INSERT INTO usage_events (event_id, customer_id, sku, ts, quantity, properties)
    SELECT 'e' || c || '-' || d, 'c' || lpad(CAST(c AS VARCHAR), 2, '0'), 'api_calls',
           TIMESTAMP '2025-01-01' + INTERVAL (d) DAY + INTERVAL 12 HOUR, CAST(90 + (c * 7 + d) % 20 AS DECIMAL(38,18)),
           '{"email": "user' || c || '@example.com", "ip": "10.0.0.' || c || '", "region": "us-east-1", "instance_type": "m5.large"}'
    FROM range(1, 21) t(c), range(60) u(d) WHERE d >= (c - 1) * 2`);
  // A new account on day 52 with a huge first week.
  await engine.exec(`
    INSERT INTO usage_events (event_id, customer_id, sku, ts, quantity, properties)
    SELECT 'w' || d, 'whale', 'api_calls', TIMESTAMP '2025-01-01' + INTERVAL (d) DAY + INTERVAL 12 HOUR, 40000, '{"region": "us-east-1"}'
    FROM range(52, 60) t(d)`);
  // Two accounts with one card and one mailbox.
  await engine.exec(`
    INSERT INTO usage_events (event_id, customer_id, sku, ts, quantity, properties) VALUES
      ('d1', 'dupe1', 'api_calls', TIMESTAMP '2025-02-20 10:00:00', 5, '{"email": "John.Doe+trial1@gmail.com", "payment_fingerprint": "fp_ABC123456"}'),
      ('d2', 'dupe2', 'api_calls', TIMESTAMP '2025-02-21 10:00:00', 5, '{"email": "johndoe@googlemail.com", "payment_fingerprint": "fp_ABC123456"}')`);
  // c03 suddenly runs GPUs in a new region; c04 moves its traffic to the night.
  await engine.exec(`
    UPDATE usage_events SET properties = '{"region": "ap-south-1", "instance_type": "p4d.24xlarge"}'
      WHERE customer_id = 'c03' AND ts >= TIMESTAMP '2025-02-25';
    UPDATE usage_events SET ts = ts - INTERVAL 10 HOUR WHERE customer_id = 'c04' AND ts >= TIMESTAMP '2025-02-23';
    INSERT INTO usage_events (event_id, customer_id, sku, ts, quantity)
      SELECT 'n' || d || '-' || h, 'c04', 'api_calls', TIMESTAMP '2025-02-23' + INTERVAL (d) DAY + INTERVAL (h) HOUR, 50 FROM range(7) t(d), range(1, 5) u(h);
    INSERT INTO usage_events (event_id, customer_id, sku, ts, quantity)
      SELECT 'm' || d || '-' || h, 'c04', 'api_calls', TIMESTAMP '2025-01-10' + INTERVAL (d) DAY + INTERVAL (h) HOUR, 50 FROM range(30) t(d), range(13, 14) u(h);`);
  // Every customer billed every month they used, except c05 in February.
  await engine.exec(`
    INSERT INTO invoice_lines (invoice_id, line_id, customer_id, sku, period_start, amount, currency, kind)
    SELECT DISTINCT 'inv-' || customer_id || '-' || strftime(date_trunc('month', ts), '%Y%m'), 'l1', customer_id, sku,
           date_trunc('month', ts), 1, 'USD', 'fee'
    FROM usage_events WHERE NOT (customer_id = 'c05' AND ts >= TIMESTAMP '2025-02-01');
    INSERT INTO price_book (sku, currency, unit_price) VALUES ('api_calls', 'USD', 0.00125);`);
  // Credits: c06's all start with 9 (made up), c07's follow Benford (a Weyl sequence in log space).
  await engine.exec(`
    INSERT INTO invoice_lines (invoice_id, line_id, customer_id, sku, period_start, amount, currency, kind)
    SELECT 'cr6', 'l' || i, 'c06', 'api_calls', TIMESTAMP '2025-01-15', CAST(-(90 + i % 9) AS DECIMAL(38,18)), 'USD', 'credit' FROM range(150) t(i);
    INSERT INTO invoice_lines (invoice_id, line_id, customer_id, sku, period_start, amount, currency, kind)
    SELECT 'cr7', 'l' || i, 'c07', 'api_calls', TIMESTAMP '2025-01-15', CAST(-round(pow(10, 1 + ((i * 0.6180339887) % 1) * 3), 2) AS DECIMAL(38,18)), 'USD', 'credit'
    FROM range(400) t(i);`);
  findings = await runFraudRules(engine);
});
afterAll(async () => engine?.close());

describe('fraud rules', () => {
  it('new-account spike: only the whale, against the cohort quantile', () => {
    const f = byRule('new_account_spike');
    expect(f.map((x) => x.customer_id)).toEqual(['whale']);
    expect(f[0].evidence).toMatch(/cohort \(n=\d+\)/);
    expect(f[0].score).toBeGreaterThan(10);
  });
  it('multi-accounting: shared card and normalised e-mail link dupe1 and dupe2 (and nobody else)', () => {
    const f = byRule('multi_account');
    expect(f.map((x) => x.customer_id).sort()).toEqual(['dupe1', 'dupe2']);
    expect(f[0].evidence).toMatch(/payment fingerprint …123456 shared with dupe/);
    expect(f[0].evidence).toMatch(/email j…@gmail\.com/);
    expect(normalizeEmail(' John.Doe+x@GoogleMail.com ')).toBe('johndoe@gmail.com');
    expect(normalizeEmail('first.last+tag@corp.com')).toBe('first.last@corp.com');
  });
  it('first-seen region and instance family on an established account', () => {
    const region = byRule('first_seen_region').filter((x) => x.customer_id === 'c03');
    expect(region.map((x) => x.evidence)).toEqual([expect.stringMatching(/region ap-south-1 first used 2025-02-25.*previously only us-east-1/)]);
    const fam = byRule('first_seen_instance_family');
    expect(fam.map((x) => x.customer_id)).toEqual(['c03']);
    expect(fam[0].evidence).toMatch(/instance family p4d/);
    // The whale is new: nothing is "first seen" on an account without history.
    expect(findings.some((x) => x.rule.startsWith('first_seen') && x.customer_id === 'whale')).toBe(false);
  });
  it('night share rises only for c04', () => {
    const f = byRule('night_share');
    expect(f.map((x) => x.customer_id)).toEqual(['c04']);
    expect(f[0].evidence).toMatch(/00:00–06:00 UTC over the last 7 days/);
  });
  it('usage with no billed line, priced once at the price book', async () => {
    const f = byRule('usage_without_billing');
    expect(f.map((x) => [x.customer_id, x.id.split('|')[3]])).toEqual([
      ['c05', '2025-02'],
      ['c05', '2025-03'],
    ]);
    // Σ quantity × 0.00125, rounded once to cents (half away from zero).
    const [q] = await engine.query(
      `SELECT CAST(SUM(quantity) * 0.00125 AS VARCHAR) AS a FROM usage_events WHERE customer_id = 'c05' AND date_trunc('month', ts) = DATE '2025-02-01'`,
    );
    expect(f[0].currency).toBe('USD');
    expect(f[0].amount).toBe(formatMinor(toMinorUnits(String(q.a), 'USD'), 'USD'));
  });
  it('Benford: the made-up credits fail, the natural ones pass', () => {
    const f = byRule('benford');
    expect(f.map((x) => x.customer_id)).toContain('c06');
    expect(f.map((x) => x.customer_id)).not.toContain('c07');
    expect(f.find((x) => x.customer_id === 'c06')!.evidence).toMatch(/digit 9 is 100\.0% vs Benford 4\.6%/);
  });
  it('Benford helpers and Nigrini bands', () => {
    expect(firstDigit('-0.00731')).toBe(7);
    expect(firstDigit('120.5')).toBe(1);
    expect(firstDigit(0)).toBe(0);
    expect(nigriniBand(0.005)).toBe('close');
    expect(nigriniBand(0.013)).toBe('marginal');
    expect(nigriniBand(0.02)).toBe('nonconformity');
    const ideal = Array.from({ length: 1000 }, (_, i) => Math.pow(10, ((i * 0.6180339887) % 1) * 4));
    expect(benfordTest(ideal).band).toBe('close');
  });
});
