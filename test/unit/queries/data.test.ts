import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { runQuery } from '../../../src/queries/query';
import { SOURCE_COLUMNS, sourceRows } from '../../../src/queries/data/source-rows';
import { clearCanonicalTables } from '../../../src/queries/data/clear-tables';
import { allOf, cond, containsText, inPeriod } from '../../../src/queries/condition';
import { CANONICAL_TABLES } from '../../../src/model/schema';
import { demoTables } from './demo-company';

let engine: Engine;
beforeAll(async () => {
  engine = await demoTables();
});
afterAll(async () => engine?.close());

describe('data/source-rows', () => {
  it('selects the source file and row first, with exact amounts', async () => {
    const q = sourceRows('invoice_lines', allOf(cond('customer_id = ?', 'hooli')));
    const rows = await runQuery(engine, q);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0])).toEqual([...SOURCE_COLUMNS.invoice_lines]);
    expect(rows[0]).toMatchObject({ source_file: 'lago_invoice_fees.csv', customer_id: 'hooli', sku: 'gpu_minutes', currency: 'USD' });
    expect(rows[0].amount).toBe('108.000000000000000000');
  });

  it('every listed column exists in its canonical table', () => {
    for (const [table, cols] of Object.entries(SOURCE_COLUMNS)) {
      const names = CANONICAL_TABLES[table as keyof typeof CANONICAL_TABLES].map((c) => c.name as string);
      for (const c of cols) expect(names, `${table}.${c}`).toContain(c);
    }
  });

  it('conditions combine in order with their bound values; text is matched, never pasted', async () => {
    const where = allOf(inPeriod('ts', '2024-03'), containsText('customer_id', 'ACM'), null, false, cond('sku = ?', 'gpu_minutes'));
    expect(where.params).toEqual(['2024-03', 'ACM', 'gpu_minutes']);
    const rows = await runQuery(engine, sourceRows('usage_events', where));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.customer_id === 'acme' && r.sku === 'gpu_minutes')).toBe(true);
    expect(await runQuery(engine, sourceRows('usage_events', containsText('customer_id', "' OR TRUE OR '")))).toEqual([]);
    expect(await runQuery(engine, sourceRows('usage_events', allOf()))).toHaveLength(497);
  });
});

describe('data/clear-tables', () => {
  it('empties every canonical table and keeps it', async () => {
    await clearCanonicalTables(engine);
    for (const t of Object.keys(CANONICAL_TABLES)) expect(await engine.query(`SELECT count(*) AS n FROM ${t}`), t).toEqual([{ n: 0 }]);
  });
});
