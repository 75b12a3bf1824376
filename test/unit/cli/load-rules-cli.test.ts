/**
 * `finops inspect` on the money and currency rules a load enforces: currencies upper-cased and
 * validated, amounts kept exactly or refused (too large to sum, digit
 * separators), each refusal one line naming file, row, column, value and the rule.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';

const HEAD = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ProviderName';
const dir = mkdtempSync(path.join(tmpdir(), 'finops-rules-'));

function focusFile(name: string, rows: [string, string][]): string {
  const file = path.join(dir, name);
  const lines = rows.map(([amount, cur]) => `"${amount}","${amount}",${cur},2024-09-01 00:00:00,2024-09-02 00:00:00,Usage,Compute,Acme`);
  writeFileSync(file, [HEAD, ...lines].join('\n') + '\n');
  return file;
}

async function finops(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const refused: [string, [string, string][], string][] = [
  ['xxx1.csv', [['1', 'XXX1']], 'row 1, column "BillingCurrency": expected an ISO 4217 currency code such as USD, EUR, JPY, got "XXX1"'],
  [
    'blank-currency.csv',
    [
      ['1', 'USD'],
      ['2', ''],
    ],
    'row 2, column "BillingCurrency": expected an ISO 4217 currency code such as USD, EUR, JPY, got "empty"',
  ],
  [
    'overflow.csv',
    [
      ['90000000000000000000', 'USD'],
      ['90000000000000000000', 'USD'],
    ],
    'row 1, column "BilledCost": expected an amount under 1e15 in magnitude (sums of larger ones would overflow DECIMAL(38,18)), got "90000000000000000000"',
  ],
  [
    'underscore.csv',
    [['1_000.50', 'USD']],
    'row 1, column "BilledCost": expected a number written without digit separators, like 1234.56 (not 1,234.56 or 1_000.50), got "1_000.50"',
  ],
  [
    'thousands.csv',
    [['1,234.56', 'USD']],
    'row 1, column "BilledCost": expected a number written without digit separators, like 1234.56 (not 1,234.56 or 1_000.50), got "1,234.56"',
  ],
];

// One inspect run over every file (one engine): each refused file gets its own line, the good one loads.
describe('finops inspect: currency and amount rules', () => {
  it('usd and USD are one currency; bad currencies and amounts refused in one line naming row, column and the rule', async () => {
    const good = focusFile('lower.csv', [
      ['1.10', 'usd'],
      ['2.20', 'USD'],
      ['3', ' Usd '],
    ]);
    const files = refused.map(([name, rows]) => focusFile(name, rows));
    const r = await finops('inspect', good, ...files, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out[0].totals).toEqual({ USD: { billed_cost: '6.30', effective_cost: '6.30' } });
    expect(r.stderr).toBe(refused.map(([, , message], i) => `finops inspect: ${files[i]}: ${message}\n`).join(''));
    expect(out.slice(1).map((f: { row: number }) => f.row)).toEqual(refused.map(([, , message]) => Number(/^row (\d+)/.exec(message)![1])));
  });
});
