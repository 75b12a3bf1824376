import { describe, expect, it } from 'vitest';
import { buildProposals } from '../../../src/proposals/build';
import { parseAuditLog } from '../../../src/proposals/audit';
import { proposalId, sha256Hex } from '../../../src/proposals/hash';
import { totalsByCurrency } from '../../../src/proposals/model';
import { resolvePolicy, roundToIncrement } from '../../../src/proposals/policy';
import { EVENTS, RECON } from './fixtures';

const byCustomer = (ps: ReturnType<typeof buildProposals>) => Object.fromEntries(ps.map((p) => [`${p.customer_id}/${p.sku}`, p]));

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });

  // Written by the earlier hand-written SHA-256: ids and audit logs already on disk must still verify.
  it('gives the digests, proposal ids and audit chain written before', () => {
    expect(sha256Hex('é€𝄞 unicode')).toBe('7db382bd8edeca328d67563882eb51d300ec39d1d9e1c04baeea32309ea08ca4');
    expect(proposalId({ customer: 'globex', sku: 'api_calls', amount: 300n, events: ['e1', 'e2'] })).toBe('prp_7909deb56c5251458277');
    const log = [
      '{"type":"merge","at":"2026-04-01T09:00:00.000Z","by":"ana","added":2,"kept":0,"stale":0,"seq":1,"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","hash":"c295d8f09a0f77a51491d7844aa6bbb2827d86dac1cb361680e507a47e28e49f"}',
      '{"type":"decision","proposal_id":"prp_0123456789abcdef0123","action":"approve","by":"ana","at":"2026-04-01T09:05:00.000Z","reason":"dup of manual credit — €1.50","seq":2,"prev_hash":"c295d8f09a0f77a51491d7844aa6bbb2827d86dac1cb361680e507a47e28e49f","hash":"33e9e859702a9a77f5174fe55c474fb1d25ed9658a6b49aa289c0f7d013d870c"}',
    ].join('\n');
    expect(parseAuditLog(log, 'old.audit.jsonl').map((e) => e.hash.slice(0, 8))).toEqual(['c295d8f0', '33e9e859']);
    expect(() => parseAuditLog(log.replace('€1.50', '€1.51'), 'old.audit.jsonl')).toThrow(/line 2 breaks the hash chain/);
    expect(() => parseAuditLog(`${log}\n{"seq":3,"type":"decision"}`, 'old.audit.jsonl')).toThrow(/line 3 breaks the hash chain/);
    expect(() => parseAuditLog(`${log}\n[3]`, 'old.audit.jsonl')).toThrow(/line 3 breaks the hash chain/);
  });
});

describe('buildProposals', () => {
  const ps = buildProposals({ reconciliation: RECON, events: EVENTS });
  const m = byCustomer(ps);

  it('makes one proposal per fault and none for matched or within-tolerance rows', () => {
    expect(Object.keys(m).sort()).toEqual([
      '/api_calls',
      'acme/storage_gb',
      'globex/api_calls',
      'hooli/support',
      'initech/storage_gb',
      'stark/api_calls',
      'umbrella/gpu_hours',
    ]);
  });

  it('names the explaining event finding when its amount accounts for the whole delta', () => {
    const g = m['globex/api_calls'];
    expect([g.direction, g.amount_minor, g.finding_code, g.reason_stripe, g.reason_lago]).toEqual([
      'credit',
      300n,
      'duplicate_event',
      'duplicate',
      'duplicated_charge',
    ]);
    expect([g.invoice_id, g.line_id]).toEqual(['in_globex_03', 'il_globex_api']);
    expect(g.evidence.some((e) => e.file === 'usage.csv' && e.row === 42)).toBe(true);
    const i = m['initech/storage_gb'];
    expect([i.direction, i.amount_minor, i.finding_code, i.reason_stripe, i.reason_lago]).toEqual(['debit', 250n, 'late_event', null, null]);
    expect(i.memo).toContain('service period 2026-03');
  });

  it('keeps exact minor units per currency exponent', () => {
    expect([m['umbrella/gpu_hours'].amount_minor, m['umbrella/gpu_hours'].direction, m['umbrella/gpu_hours'].finding_code]).toEqual([
      36000n,
      'debit',
      'unbilled_usage',
    ]);
    expect([m['hooli/support'].amount_minor, m['hooli/support'].direction, m['hooli/support'].finding_code]).toEqual([
      12345n,
      'credit',
      'billed_without_usage',
    ]);
    expect(m['acme/storage_gb'].finding_code).toBe('rate_mismatch');
    expect(m['stark/api_calls']).toMatchObject({ amount_minor: 10n, currency: 'EUR', finding_code: 'duplicate_event' });
    expect(totalsByCurrency(ps).map((t) => [t.currency, t.credit_minor, t.debit_minor])).toEqual([
      ['EUR', 10n, 0n],
      ['JPY', 0n, 36000n],
      ['KWD', 12345n, 0n],
      ['USD', 400n, 320n],
    ]);
  });

  it('gives the same ids on a re-run and in any input order', () => {
    const again = buildProposals({ reconciliation: [...RECON].reverse(), events: [...EVENTS].reverse() });
    expect(again.map((p) => p.proposal_id)).toEqual(ps.map((p) => p.proposal_id));
    expect(new Set(ps.map((p) => p.proposal_id)).size).toBe(ps.length);
  });

  it('changes the id when the evidence changes', () => {
    const changed = RECON.map((r) => (r.customer_id === 'globex' ? { ...r, billed_amount: '15.01', amount_delta: '3.01' } : r));
    const other = byCustomer(buildProposals({ reconciliation: changed, events: EVENTS }));
    expect(other['globex/api_calls'].proposal_id).not.toBe(m['globex/api_calls'].proposal_id);
    expect(other['globex/api_calls'].finding_code).toBe('overbilled_quantity'); // 3.00 of duplicates no longer explain 3.01
    expect(other['initech/storage_gb'].proposal_id).toBe(m['initech/storage_gb'].proposal_id);
  });

  it('applies minimum amount, tolerance, include list and cash rounding', () => {
    expect(byCustomer(buildProposals({ reconciliation: RECON }, { minAmount: { USD: '2.60' } }))['globex/api_calls']).toBeDefined();
    expect(byCustomer(buildProposals({ reconciliation: RECON }, { minAmount: { USD: '2.60' } }))['initech/storage_gb']).toBeUndefined();
    expect(byCustomer(buildProposals({ reconciliation: RECON }, { toleranceAbs: { '*': '2.50' } }))['initech/storage_gb']).toBeUndefined();
    expect(byCustomer(buildProposals({ reconciliation: RECON }, { tolerancePct: '10' }))['initech/storage_gb']).toBeUndefined(); // 2.50 / 25.00 = 10 %
    expect(byCustomer(buildProposals({ reconciliation: RECON }, { tolerancePct: '9.99' }))['initech/storage_gb']).toBeDefined();
    expect(Object.keys(byCustomer(buildProposals({ reconciliation: RECON }, { include: ['unbilled_usage'] })))).toEqual(['umbrella/gpu_hours']);
    const p = resolvePolicy({ rounding: { CHF: '0.05' } });
    expect([roundToIncrement(1232n, 'CHF', p), roundToIncrement(1237n, 'CHF', p), roundToIncrement(1225n, 'CHF', p)]).toEqual([1230n, 1235n, 1225n]);
    expect([roundToIncrement(1227n, 'CHF', p), roundToIncrement(1228n, 'CHF', p), roundToIncrement(-1228n, 'CHF', p)]).toEqual([
      1225n,
      1230n,
      -1230n,
    ]);
  });

  it('nets credits against debits per customer, period and currency', () => {
    const recon = [
      ...RECON,
      { ...RECON[2], customer_id: 'globex', sku: 'storage_gb', invoice_ids: ['in_globex_03'], line_ids: ['il_globex_storage'] },
    ];
    const netted = buildProposals({ reconciliation: recon }, { net: true }).filter((p) => p.customer_id === 'globex');
    expect(netted).toHaveLength(1);
    expect(netted[0]).toMatchObject({ direction: 'credit', amount_minor: 50n, finding_code: 'netted', invoice_id: 'in_globex_03', sku: '' });
    expect(netted[0].evidence.filter((e) => e.kind === 'proposal')).toHaveLength(2);
  });

  it('turns anomaly and fraud findings into proposals only once confirmed', () => {
    const anomalies = [
      {
        id: 'an-1',
        series_key: 'usage|customer=acme|sku=api_calls',
        dimensions: { customer: 'acme', sku: 'api_calls' },
        start: '2026-03-14T14:00:00Z',
        end: '2026-03-14T20:00:00Z',
        actual: 10,
        expected: 250,
        band_low: 200,
        band_high: 300,
        impact: '-2.40',
        currency: 'USD',
        impact_pct: -96,
        score: 9.1,
        method: 'level-shift',
        explanation: 'meter dropped events',
      },
    ];
    expect(buildProposals({ anomalies })).toEqual([]);
    const [p] = buildProposals({ anomalies }, { confirmedFindingIds: ['an-1'] });
    expect(p).toMatchObject({
      direction: 'debit',
      amount_minor: 240n,
      finding_code: 'anomaly_confirmed',
      period: '2026-03',
      window_start: '2026-03-14T14:00:00Z',
    });
  });

  it('never proposes the same money twice: a confirmed finding on a reconciled key becomes evidence', () => {
    const anomalies = [
      {
        id: 'an-2',
        series_key: 'usage|customer=initech|sku=storage_gb',
        dimensions: { customer: 'initech', sku: 'storage_gb' },
        start: '2026-03-20T00:00:00Z',
        end: '2026-03-21T00:00:00Z',
        actual: 0,
        expected: 50,
        band_low: 40,
        band_high: 60,
        impact: '-2.50',
        currency: 'USD',
        impact_pct: -100,
        score: 7,
        method: 'level-shift',
        explanation: 'meter gap',
      },
    ];
    const fraud = [
      {
        id: 'fr-1',
        rule: 'usage_without_billing',
        customer_id: 'umbrella',
        sku: 'gpu_hours',
        period: '2026-03',
        score: 0.9,
        evidence: '12 gpu_hours unbilled',
        amount: '36000',
        currency: 'JPY',
      },
    ];
    const ps = buildProposals({ reconciliation: RECON, events: EVENTS, anomalies, fraud }, { confirmedFindingIds: ['an-2', 'fr-1'] });
    expect(ps.map((p) => p.proposal_id)).toEqual(buildProposals({ reconciliation: RECON, events: EVENTS }).map((p) => p.proposal_id));
    const m2 = byCustomer(ps);
    expect(m2['initech/storage_gb'].evidence.some((e) => e.kind === 'anomaly' && e.id === 'an-2')).toBe(true);
    expect(m2['umbrella/gpu_hours'].evidence.some((e) => e.kind === 'fraud' && e.id === 'fr-1')).toBe(true);
    // Without a reconciliation row behind it, the confirmed fraud finding stands alone.
    const [alone] = buildProposals({ fraud }, { confirmedFindingIds: ['fr-1'] });
    expect(alone).toMatchObject({ direction: 'debit', amount_minor: 36000n, finding_code: 'fraud_suspected', sku: 'gpu_hours', period: '2026-03' });
  });

  it('rejects a policy with an unknown code or a float threshold', () => {
    expect(() => resolvePolicy({ include: ['nope' as never] })).toThrow(/unknown finding code "nope"/);
    expect(() => resolvePolicy({ minAmount: { USD: 'abc' } })).toThrow(/minAmount.USD/);
    expect(() => resolvePolicy({ rounding: { USD: '0.005' } })).toThrow(/whole number of USD minor units/);
    expect(() => resolvePolicy({ rounding: { CHF: '0' } })).toThrow(/^policy: "rounding.CHF" must be greater than zero$/);
    expect(() => resolvePolicy({ minAmount: { XYZ: '1' } })).toThrow(/^policy: "minAmount" has unknown currency "XYZ"$/);
    expect(() => resolvePolicy({ minamount: {} } as never, 'p.json')).toThrow(/^p\.json: "minamount" is not a policy setting/);
    expect(() => resolvePolicy({ net: 'yes' } as never)).toThrow(/^policy: "net" must be true or false$/);
  });
});

describe('rows nothing prices', () => {
  it('usage with no price book and no invoice (no currency) is a finding, not a memo line', () => {
    const unpriced = { ...RECON[0], currency: '', status: 'unbilled' as const, expected_amount: '', billed_amount: '', amount_delta: '' };
    expect(buildProposals({ reconciliation: [unpriced] })).toEqual([]);
  });
});

describe('items with nothing to bill', () => {
  const unattributed = RECON.find((r) => r.status === 'unattributed')!;

  it('usage with no customer that the price book values at 0.00 is a finding, not a memo line', () => {
    const zero = { ...unattributed, expected_amount: '0.00', amount_delta: '0.00' };
    expect(buildProposals({ reconciliation: [zero] })).toEqual([]);
    // Still a debit to attribute once it carries money.
    expect(buildProposals({ reconciliation: [unattributed] }).map((p) => [p.finding_code, p.amount_minor])).toEqual([['unattributed_usage', 70n]]);
  });

  it('no proposal of any kind carries a zero amount, netted or not', () => {
    const zeroRows = RECON.map((r) => ({ ...r, expected_amount: '0.00', billed_amount: '0.00', amount_delta: '0.00' }));
    const zeroEvents = EVENTS.map((e) => ({ ...e, amount: '0.00' }));
    for (const net of [false, true]) expect(buildProposals({ reconciliation: zeroRows, events: zeroEvents }, { net })).toEqual([]);
  });
});
