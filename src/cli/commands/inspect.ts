/**
 * `finops inspect FILE... [--json]`: loads each file through the same pipeline as the app and
 * reports its kind, format, row count and per-currency totals (exact decimal strings; the money
 * columns are whatever each adapter declares in `totalColumns`). Stops at the first bad file
 * with one line naming file, row, column and what was expected.
 */
import { createNodeEngine } from '../../engine/node-engine';
import { createAdapterRegistry } from '../../ingest/registry';
import { loadLocalFile } from '../../ingest/node-files';
import type { LoadResult } from '../../ingest/pipeline';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command';

export interface InspectRow {
  file: string;
  kind: string;
  format: string;
  rows: number;
  totals: LoadResult['totals'];
}

/** Fixed-width text table: left-aligned text, right-aligned numbers. */
function table(head: string[], body: string[][], right: Set<number>): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

export function formatInspectTable(rows: InspectRow[]): string {
  const body: string[][] = [];
  for (const r of rows) {
    const currencies = Object.keys(r.totals);
    if (!currencies.length) body.push([r.file, r.kind, r.format, String(r.rows), '', '']);
    currencies.forEach((cur, i) => {
      const totals = Object.entries(r.totals[cur]).map(([k, v]) => `${k}=${v}`).join('  ');
      body.push(i === 0 ? [r.file, r.kind, r.format, String(r.rows), cur, totals] : ['', '', '', '', cur, totals]);
    });
  }
  return table(['FILE', 'KIND', 'FORMAT', 'ROWS', 'CURRENCY', 'TOTALS'], body, new Set([3]));
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Detect each file\'s kind and format; print row count and per-currency totals.',
  usage: 'inspect FILE... [--json]',
  options: {
    json: { type: 'boolean', help: 'Print one JSON list instead of the table' },
  },
  async run({ positional, flags }: ParsedArgs, io: CliIO): Promise<number> {
    if (!positional.length) throw new UsageError(`no file given (usage: finops ${this.usage})`);
    const adapters = createAdapterRegistry();
    const engine = await createNodeEngine();
    try {
      const rows: InspectRow[] = [];
      for (const file of positional) {
        const r = await loadLocalFile(engine, file, { name: file, adapters });
        rows.push({ file, kind: r.kind, format: r.format, rows: r.rows, totals: r.totals });
      }
      io.out(flags.json ? JSON.stringify(rows) + '\n' : formatInspectTable(rows));
      return 0;
    } finally {
      await engine.close();
    }
  },
};
