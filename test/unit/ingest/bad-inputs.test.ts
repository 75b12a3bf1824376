/**
 * The bad-input corpus (test/fixtures/bad): every file fails with one line naming the file, the
 * row/line and column where known, and what was expected — and leaves earlier loads untouched.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalFile } from '../../../src/ingest/node-files';
import { UserError } from '../../../src/model/errors';
import { adapters, createNodeEngine, errorOf, focusCsv, loadText, type Engine } from './helpers';

const BAD = path.resolve(__dirname, '../../fixtures/bad');

const FOCUS_LIST = 'focus-1.0/focus-1.1/focus-1.2 (BilledCost, EffectiveCost, BillingCurrency)';

const expected: Record<string, string | RegExp> = {
  'truncated-row.csv': 'line 3: expected 9 comma-separated values like the header, found 4 (the row is truncated or a value is missing)',
  'extra-fields.csv':
    'line 3: expected 9 comma-separated values like the header, found 10 (a value has an unquoted comma or the row has extra fields)',
  'unclosed-quote.csv': 'line 3: a quoted value is never closed: expected a closing " before the end of the file',
  'unclosed-header.csv': 'row 0 (header): unclosed quote in the header row: expected a closing "',
  'semicolon.csv': new RegExp(
    `^row 0 \\(header\\): unknown layout: columns "BilledCost;EffectiveCost;.*" match no known format; expected one of: .*Hint: the header looks semicolon-separated; expected comma-separated values\\.$`,
  ),
  'missing-column.csv': 'row 0 (header), column "EffectiveCost": expected this column (required by focus-1.0), but it is missing',
  'text-in-money.csv': 'row 3, column "BilledCost": expected a decimal number, got "twelve"',
  'comma-decimal.csv': 'row 2, column "BilledCost": expected a decimal number, got "1,50"',
  'bad-date.csv': 'row 2, column "ChargePeriodStart": expected a date or timestamp like 2024-01-31T00:00:00Z, got "yesterday"',
  'empty.csv': 'the file is empty: expected a header row followed by data rows',
  'blank-lines.csv': 'the file is empty: expected a header row followed by data rows',
  'duplicate-header.csv': 'row 0 (header), column "BilledCost": expected unique column names, but columns 1 and 10 are both "BilledCost"',
  'garbage.csv': 'expected a CSV text file (UTF-8 or UTF-16), but it contains binary data',
  'latin1.csv': 'line 2: expected UTF-8 or UTF-16 text, found bytes that are not UTF-8 (Latin-1 or Windows-1252?); save the file as UTF-8',
  // A few layouts in the line (under ~300 characters); every one in details.alternatives (checked below).
  'unknown-layout.csv': new RegExp(
    `^row 0 \\(header\\): unknown layout: columns "name", "age", "city" match no known format; expected one of: ${FOCUS_LIST.replace(/[()/]/g, '\\$&')}; aws-cur \\(lineItem/UnblendedCost, lineItem/UsageStartDate, lineItem/CurrencyCode\\); or \\d+ more\\.$`,
  ),
  'bad-json.jsonl': 'row 2: invalid JSON: expected a quoted key, got end of input',
};

describe('bad input corpus', () => {
  let engine: Engine;
  let before: unknown[];
  beforeAll(async () => {
    engine = await createNodeEngine();
    await loadText(
      engine,
      'good.csv',
      focusCsv([
        ['1.25', '1.25', 'USD', '{"team":"web"}'],
        ['2', '2', 'EUR'],
      ]),
    );
    before = await engine.query(
      'SELECT (SELECT count(*) FROM cost_lines) AS lines, (SELECT count(*) FROM cost_tags) AS tags, (SELECT sum(BilledCost) FROM cost_lines) AS total',
    );
  });
  afterAll(async () => engine?.close());

  for (const [file, message] of Object.entries(expected)) {
    it(`${file}: one-line error, nothing loaded`, async () => {
      const msg = await errorOf(loadLocalFile(engine, path.join(BAD, file), { adapters }));
      expect(msg.startsWith(`${file}: `), msg).toBe(true);
      expect(msg).not.toContain('\n');
      const rest = msg.slice(file.length + 2);
      if (typeof message === 'string') expect(rest).toBe(message);
      else expect(rest).toMatch(message);
      expect(
        await engine.query(
          'SELECT (SELECT count(*) FROM cost_lines) AS lines, (SELECT count(*) FROM cost_tags) AS tags, (SELECT sum(BilledCost) FROM cost_lines) AS total',
        ),
      ).toEqual(before);
    });
  }

  it('covers every file in the corpus', async () => {
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(expected).sort());
  });

  it('unknown layout: every known layout in details.alternatives, each line under ~300 characters', async () => {
    const e = await loadLocalFile(engine, path.join(BAD, 'unknown-layout.csv'), { adapters }).catch((x: unknown) => x as UserError);
    expect(e).toBeInstanceOf(UserError);
    const all = (e as UserError).details.alternatives ?? [];
    expect(all[0]).toBe(FOCUS_LIST);
    expect(all.join('; ')).toMatch(/aws-cur \(lineItem\/UnblendedCost.*oci \(.*\).*price-book \(sku, currency, unit_price\)/);
    expect((e as UserError).message).toContain(`; or ${all.length - 2} more.`);
    for (const a of adapters.adapters)
      expect(
        all.some((l) => l.split(' (')[0].split('/').includes(a.format)),
        a.format,
      ).toBe(true);
    for (const file of Object.keys(expected)) {
      const msg = await errorOf(loadLocalFile(engine, path.join(BAD, file), { adapters }));
      expect(msg.length - file.length, msg).toBeLessThanOrEqual(300);
    }
  });

  it('reports problems past the head bytes with their line (DuckDB reader errors mapped)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'finops-bad-'));
    const head = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName';
    const body = Array.from({ length: 8000 }, () => '1.00,1.00,USD,2024-01-01,2024-01-02,Compute').join('\n');
    writeFileSync(
      path.join(dir, 'late-latin1.csv'),
      Buffer.concat([Buffer.from(`${head}\n${body}\n1.00,1.00,USD,2024-01-01,2024-01-02,Caf`), Buffer.from([0xe9, 0x0a])]),
    );
    writeFileSync(path.join(dir, 'late-short.csv'), `${head}\n${body}\n1.00,1.00,USD,2024-01-01\n`);
    expect(await errorOf(loadLocalFile(engine, path.join(dir, 'late-latin1.csv'), { adapters }))).toBe(
      'late-latin1.csv: line 8002: expected UTF-8 text, found invalid bytes (save the file as UTF-8 or UTF-16)',
    );
    expect(await errorOf(loadLocalFile(engine, path.join(dir, 'late-short.csv'), { adapters }))).toBe(
      'late-short.csv: line 8002: expected 6 comma-separated values like the header, found 4 (the row is truncated or a value is missing)',
    );
  });

  it('names a missing file plainly', async () => {
    expect(await errorOf(loadLocalFile(engine, path.join(BAD, 'nope.csv'), { adapters }))).toBe(
      `${path.join(BAD, 'nope.csv')}: cannot open (no such file): expected a readable file`,
    );
  });

  it('errors past the header rows keep their data-row number with quoted newlines before them', async () => {
    const csv = focusCsv([
      ['1', '1', 'USD', 'x\ny'],
      ['oops', '1', 'USD'],
    ]).replace('"x\ny"', '"{""a"":""x\ny""}"');
    expect(await errorOf(loadText(engine, 'nl.csv', csv))).toBe('nl.csv: row 2, column "BilledCost": expected a decimal number, got "oops"');
  });
});
