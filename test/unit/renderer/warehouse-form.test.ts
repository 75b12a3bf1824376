/** The Warehouse panel's settings as a source: host URL read, empty mappings left out, never a password. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WAREHOUSE, sourceOf } from '../../../renderer/features/data/warehouse-form';
import { describeSource } from '../../../src/warehouse/settings';

describe('Warehouse panel settings', () => {
  it('reads the host URL (https default 8443, http 8123) and maps every canonical table by default', () => {
    const s = sourceOf({ ...DEFAULT_WAREHOUSE, url: 'https://ch.example.com', database: 'billing', user: 'finops' });
    expect(s).toMatchObject({ kind: 'clickhouse', host: 'ch.example.com', port: 8443, secure: true, database: 'billing', user: 'finops' });
    expect(s.tables.usage_events).toEqual({ table: 'usage_events' });
    expect(describeSource(s)).toBe('clickhouse://finops@ch.example.com:8443/billing');
    expect(sourceOf({ ...DEFAULT_WAREHOUSE, url: 'http://10.0.0.5' })).toMatchObject({ port: 8123, secure: false });
  });

  it('leaves out a table the warehouse does not hold, and reads a chDB folder', () => {
    const s = sourceOf({
      ...DEFAULT_WAREHOUSE,
      kind: 'chdb',
      path: '/data/ch',
      tables: { ...DEFAULT_WAREHOUSE.tables, cost_tags: ' ', usage_events: 'events' },
    });
    expect(s.tables.cost_tags).toBeUndefined();
    expect(s.tables.usage_events).toEqual({ table: 'events' });
    expect(describeSource(s)).toBe('chdb:///data/ch?database=default');
  });

  it('refuses a URL with a password or a path, and a table that is not a name, in one line', () => {
    expect(() => sourceOf({ ...DEFAULT_WAREHOUSE, url: 'https://u:secret@h:8443' })).toThrow(/^Warehouse: host URL: expected https:\/\/host:port/);
    expect(() => sourceOf({ ...DEFAULT_WAREHOUSE, url: 'https://u:secret@h:8443' })).not.toThrow(/secret/);
    expect(() => sourceOf({ ...DEFAULT_WAREHOUSE, tables: { ...DEFAULT_WAREHOUSE.tables, invoice_lines: 'x; DROP TABLE y' } })).toThrow(
      /table or column name/,
    );
  });
});
