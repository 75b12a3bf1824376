import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli';
import { buildProposals } from '../../../src/proposals/build';
import { parseCsv } from '../../../src/model/csv';
import { readPolicyFile } from '../../../src/proposals/node-proposal-files';
import { proposalsDocument } from '../../../src/proposals/serialize';
import { EVENTS, RECON } from './fixtures';

describe('finops review / export', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'finops-export-'));
  const proposals = buildProposals({ reconciliation: RECON, events: EVENTS });
  const file = path.join(dir, 'proposals.json');
  writeFileSync(file, JSON.stringify(proposalsDocument(proposals)));
  const ws = path.join(dir, 'review.json');

  it('reviews and exports approved proposals only', async () => {
    const globex = proposals.find((p) => p.customer_id === 'globex')!;
    const initech = proposals.find((p) => p.customer_id === 'initech')!;
    let r = await cli(
      'review',
      '--workspace',
      ws,
      '--proposals',
      file,
      '--approve',
      globex.proposal_id.slice(0, 10),
      initech.proposal_id,
      '--by',
      'ana',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`merged ${file}: ${proposals.length} new`);
    r = await cli('review', '--workspace', ws, '--edit', initech.proposal_id, '--amount', '2.00', '--by', 'ana', '--reason', 'agreed with customer');
    expect(r.code, r.err).toBe(0);
    r = await cli('review', '--workspace', ws, '--approve', initech.proposal_id, '--by', 'bo');
    expect(r.code, r.err).toBe(0);
    const out = path.join(dir, 'approved.csv');
    r = await cli('export', '--proposals', file, '--format', 'csv', '--out', out, '--approved-only', '--workspace', ws);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2 proposal(s) (approved only) as csv — USD credits 3.00 (1), debits 2.00 (1)');
    const [h, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(
      rows.map((x) => [
        x[h.indexOf('customer_id')],
        x[h.indexOf('amount')],
        x[h.indexOf('state')],
        x[h.indexOf('original_amount')],
        x[h.indexOf('decided_by')],
      ]),
    ).toEqual([
      ['globex', '3.00', 'approved', '3.00', 'ana'],
      ['initech', '2.00', 'approved', '2.50', 'bo'],
    ]);
    const audit = readFileSync(path.join(dir, 'review.audit.jsonl'), 'utf8').trim().split('\n');
    expect(audit.map((l) => JSON.parse(l).action ?? JSON.parse(l).type)).toEqual(['merge', 'approve', 'approve', 'edit', 'approve']);
  });

  it('reads a policy file and names the file and key when it is wrong', async () => {
    const good = path.join(dir, 'policy.json');
    writeFileSync(good, JSON.stringify({ include: ['late_event'], minAmount: { USD: '1.00' }, net: true }));
    expect(await readPolicyFile(good)).toMatchObject({ include: ['late_event'], minAmount: { '*': '0', USD: '1.00' }, net: true });
    const bad = path.join(dir, 'bad-policy.json');
    writeFileSync(bad, JSON.stringify({ tolerancePct: 0.5 }));
    await expect(readPolicyFile(bad)).rejects.toThrow(/bad-policy\.json: "tolerancePct" must be a non-negative decimal string/);
    writeFileSync(bad, '[1]');
    await expect(readPolicyFile(bad)).rejects.toThrow(/expected a JSON object/);
  });

  it('fails with one line naming the file or flag on bad input', async () => {
    let r = await cli('export', '--proposals', path.join(dir, 'missing.json'), '--format', 'csv', '--out', path.join(dir, 'x.csv'));
    expect([r.code, r.err.trim().split('\n').length]).toEqual([1, 1]);
    expect(r.err).toMatch(/missing\.json: cannot read/);
    r = await cli('export', '--proposals', file, '--format', 'pdf', '--out', path.join(dir, 'x.pdf'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--format must be one of csv, json, xlsx, parquet, stripe, lago/);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({ proposals: [{ ...proposalsDocument(proposals).proposals[0], amount: '1.234', amount_minor: undefined }] }),
    );
    r = await cli('export', '--proposals', broken, '--format', 'json', '--out', path.join(dir, 'x.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.json: proposals\[0\]: "amount" must be a decimal amount with at most 2 decimals/);
    r = await cli('review', '--workspace', ws, '--reject', 'prp_', '--by', 'x', '--reason', 'y');
    expect(r.err).toMatch(/ambiguous/);
  });
});
