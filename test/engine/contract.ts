/**
 * The engine contract: one suite, run against every Engine build through a getter (the Node
 * blocking build in Vitest, the worker build inside Chromium via Playwright).
 * Written against a tiny `check` API so the same cases run in both places.
 */
import { registeredFileName, type Engine } from '../../src/engine/engine';
import { arrow } from '../../src/engine/arrow';
import { utf8Vector } from '../../src/engine/arrow-vectors';

export interface ContractCase {
  name: string;
  run(engine: Engine, eq: (actual: unknown, expected: unknown, what: string) => void): Promise<void>;
}

export const contractCases: ContractCase[] = [
  {
    name: 'decimals come back exact, with their scale',
    async run(e, eq) {
      const [r] = await e.query(
        "SELECT CAST('0.1' AS DECIMAL(38,18)) + CAST('0.2' AS DECIMAL(38,18)) AS s, CAST('6.65679E-09' AS DECIMAL(38,18)) AS tiny, CAST('-1234567890123.45' AS DECIMAL(18,2)) AS big",
      );
      eq(r.s, '0.300000000000000000', 'sum of 0.1 and 0.2');
      eq(r.tiny, '0.000000006656790000', 'scientific notation');
      eq(r.big, '-1234567890123.45', 'negative DECIMAL(18,2)');
    },
  },
  {
    name: 'integers, dates and timestamps convert to plain values',
    async run(e, eq) {
      const [r] = await e.query(
        "SELECT 42::BIGINT AS n, 9007199254740993::BIGINT AS huge, DATE '2024-02-29' AS d, TIMESTAMP '2024-03-01 12:34:56' AS ts",
      );
      eq(r.n, 42, 'safe BIGINT as number');
      eq(r.huge, 9007199254740993n, 'unsafe BIGINT as bigint');
      eq(r.d, '2024-02-29', 'DATE');
      eq(r.ts, '2024-03-01T12:34:56.000Z', 'TIMESTAMP in UTC');
    },
  },
  {
    name: 'bound parameters are never pasted into SQL',
    async run(e, eq) {
      const rows = await e.query('SELECT ?::VARCHAR AS v, ?::INTEGER AS i', ["it's; DROP TABLE x", 7]);
      eq(rows[0].v, "it's; DROP TABLE x", 'string parameter');
      eq(rows[0].i, 7, 'integer parameter');
    },
  },
  {
    name: 'a failing transaction leaves earlier tables untouched',
    async run(e, eq) {
      await e.exec('CREATE OR REPLACE TABLE contract_keep AS SELECT 1 AS a');
      let failed = false;
      try {
        await e.transaction(async () => {
          await e.exec('INSERT INTO contract_keep VALUES (2)');
          await e.exec("INSERT INTO contract_keep VALUES ('not a number')");
        });
      } catch {
        failed = true;
      }
      eq(failed, true, 'the transaction failed');
      const rows = await e.query('SELECT count(*) AS n FROM contract_keep');
      eq(rows[0].n, 1, 'rows after rollback');
    },
  },
  {
    name: 'CSV read from a registered buffer, offline',
    async run(e, eq) {
      const csv = new TextEncoder().encode('id,amount\n007,1.10\n008,2.20\n');
      const name = registeredFileName('contract.csv');
      await e.registerFile(name, { kind: 'buffer', data: csv });
      const rows = await e.query(
        `SELECT id, sum(CAST(amount AS DECIMAL(38,10))) AS total FROM read_csv('${name}', all_varchar=true) GROUP BY id ORDER BY id`,
      );
      eq(rows[0].id, '007', 'leading zeros kept');
      eq(rows[1].total, '2.2000000000', 'decimal total');
      const s = await e.query("SELECT current_setting('autoload_known_extensions') AS a");
      eq(s[0].a, false, 'extension autoload off');
    },
  },
  {
    name: 'Arrow IPC streams load as tables',
    async run(e, eq) {
      await e.exec("CREATE OR REPLACE TABLE contract_src AS SELECT range AS i, 'x' || range AS s FROM range(5)");
      const [r] = await e.query('SELECT count(*) AS n, max(i) AS m FROM contract_src');
      eq(r.n, 5, 'row count');
      eq(r.m, 4, 'max');
    },
  },
  {
    name: 'Arrow IPC of text and 64-bit row numbers appends to a table',
    async run(e, eq) {
      // insertArrowIPC consumes its buffer (the worker build transfers it): one stream per call.
      const ipc = () =>
        arrow.tableToIPC(new arrow.Table({ __row: arrow.makeVector(new BigInt64Array([1n, 2n, 3n])), v: utf8Vector(['a', null, "it's"]) }), 'stream');
      await e.exec('DROP TABLE IF EXISTS contract_ipc');
      await e.insertArrowIPC('contract_ipc', ipc(), { create: true });
      await e.insertArrowIPC('contract_ipc', ipc(), { create: false });
      const rows = await e.query('SELECT __row AS r, v FROM contract_ipc ORDER BY rowid');
      eq(rows.length, 6, 'rows after create and append');
      eq(rows[2], { r: 3, v: "it's" }, 'values as given');
      eq(rows[4].v, null, 'null kept');
    },
  },
  {
    name: 'values inside a MAP or LIST convert like top-level ones',
    async run(e, eq) {
      const [r] = await e.query("SELECT MAP {'k': 2.5::DECIMAL(5,1)} AS m, [DATE '2026-01-31'] AS l");
      eq(r.m, { k: '2.5' }, 'decimal inside a map');
      eq(r.l, ['2026-01-31'], 'date inside a list');
    },
  },
];
