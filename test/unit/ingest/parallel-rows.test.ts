/**
 * Native DuckDB reads a plain CSV or JSON lines file on several threads into a staging table and
 * numbers the rows by its rowids (read-csv.ts, read-json-native.ts). Files of several of DuckDB's
 * row groups (122,880 rows each) check that the numbers are still the file's own: a bad cell deep
 * in the file is named on its row, every line's source_row is its record number, and a file with a
 * column named rowid (which would hide the table's row numbers) reads the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import { createNativeEngine } from '../../../src/engine/node-native-engine';
import { errorOf, focusCsv, loadText } from './helpers';

const ROWS = 300_000;
const BAD = 287_654;

let engine: Engine;
beforeAll(async () => {
  engine = await createNativeEngine({ memoryLimit: '2GB', threads: 4 });
});
afterAll(async () => engine?.close());

/** Cost line i costs i ten-thousandths: its row number can be read back from its cost. */
function costRows(bad?: number): Array<[string, string, string, string?]> {
  return Array.from({ length: ROWS }, (_, k) => {
    const cost = k + 1 === bad ? '12x' : `0.${String(k + 1).padStart(6, '0')}`;
    return [cost, cost, 'USD', `{"n":"${k + 1}"}`];
  });
}

function events(bad?: number, extra = ''): string {
  return (
    Array.from(
      { length: ROWS },
      (_, k) =>
        `{"transaction_id":"e${k + 1}","external_subscription_id":"c${k % 7}","code":"api","timestamp":${k + 1 === bad ? '"soon"' : 1709251200 + k},"properties":{"value":"${k + 1}"}${extra}}`,
    ).join('\n') + '\n'
  );
}

describe('rows read in parallel keep their numbers', () => {
  it('a CSV cost export: each line is its record, a bad cell is named on its row', async () => {
    const loaded = await loadText(engine, 'big.csv', focusCsv(costRows()));
    expect(loaded.rows).toBe(ROWS);
    const [r] = await engine.query<{ off: number }>(
      `SELECT count(*) FILTER (WHERE CAST(BilledCost * 1000000 AS BIGINT) <> source_row OR json_extract_string(Tags, '$.n') <> CAST(source_row AS VARCHAR)) AS off
       FROM cost_lines WHERE source_file = 'big.csv'`,
    );
    expect(Number(r.off)).toBe(0);
    const msg = await errorOf(loadText(engine, 'bad.csv', focusCsv(costRows(BAD))));
    expect(msg).toContain(`row ${BAD}`);
    expect(msg).toContain('12x');
  });

  it('JSON lines usage events: each event is its line, a bad cell is named on its line', async () => {
    const loaded = await loadText(engine, 'events.ndjson', events());
    expect(loaded.rows).toBe(ROWS);
    const [r] = await engine.query<{ off: number }>(
      `SELECT count(*) FILTER (WHERE event_id <> 'e' || source_row OR CAST(quantity AS BIGINT) <> source_row) AS off FROM usage_events WHERE source_file = 'events.ndjson'`,
    );
    expect(Number(r.off)).toBe(0);
    const msg = await errorOf(loadText(engine, 'bad.ndjson', events(BAD)));
    expect(msg).toContain(`row ${BAD}`);
    expect(msg).toContain('soon');
  });

  it('a column named rowid is read as the file wrote it', async () => {
    const loaded = await loadText(engine, 'rowid.ndjson', events(undefined, ',"rowid":"x"'));
    expect(loaded.rows).toBe(ROWS);
    const [r] = await engine.query<{ off: number }>(
      `SELECT count(*) FILTER (WHERE event_id <> 'e' || source_row) AS off FROM usage_events WHERE source_file = 'rowid.ndjson'`,
    );
    expect(Number(r.off)).toBe(0);
  });
});
