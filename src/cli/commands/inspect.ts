/**
 * `finops inspect FILE... [--json]`: loads each file through the same pipeline as the app and
 * reports its kind, format, row count and per-currency totals (exact decimal strings; the money
 * columns are whatever each adapter declares in `totalColumns`). Every file is reported: a bad
 * one prints its one-line error (file, row, column, what was expected) on stderr and, with
 * --json, an entry with the error's details; the others still load. Exits 1 if any file failed.
 */
import { ENGINE_OPTION, openEngine } from '../engine-option';
import { createAdapterRegistry } from '../../ingest/registry';
import { isLocaleDateFormat, LOCALE_DATE_FORMATS } from '../../ingest/sql';
import { UserError, type UserErrorDetails } from '../../model/errors';
import { loadFile, type LoadResult } from '../../ingest/pipeline';
import { expandLocalPaths } from '../../ingest/node-folders';
import { folderSummary } from '../../ingest/export-folders';
import { UsageError, type CliIO, type Command, type ParsedArgs } from '../command';

export interface InspectRow {
  file: string;
  kind: string;
  format: string;
  rows: number;
  totals: LoadResult['totals'];
}

/** A file that did not load: its one-line error and where it is (`--json` only). */
export interface InspectFailure extends Omit<UserErrorDetails, 'file' | 'outOfMemory'> {
  file: string;
  error: string;
}

/** Fixed-width text table: left-aligned text, right-aligned numbers. */
function table(head: string[], body: string[][], right: Set<number>): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

export function formatInspectTable(rows: InspectRow[]): string {
  const body: string[][] = [];
  for (const r of rows) {
    const currencies = Object.keys(r.totals);
    if (!currencies.length) body.push([r.file, r.kind, r.format, String(r.rows), '', '']);
    currencies.forEach((cur, i) => {
      const totals = Object.entries(r.totals[cur])
        .map(([k, v]) => `${k}=${v}`)
        .join('  ');
      body.push(i === 0 ? [r.file, r.kind, r.format, String(r.rows), cur, totals] : ['', '', '', '', cur, totals]);
    });
  }
  return table(['FILE', 'KIND', 'FORMAT', 'ROWS', 'CURRENCY', 'TOTALS'], body, new Set([3]));
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: "Detect each file's kind and format; print row count and per-currency totals.",
  usage: 'inspect FILE... [--json]', // FILE may be an export folder or a zip archive; --date-format is listed by --help
  options: {
    engine: ENGINE_OPTION,
    json: { type: 'boolean', help: 'Print one JSON list instead of the table (failed files with their error details)' },
    'date-format': {
      type: 'string',
      value: 'FORMAT',
      help: `Order of locale dates (4/1/2025) the files leave open: ${LOCALE_DATE_FORMATS.join(', ')}`,
    },
  },
  async run({ positional, flags }: ParsedArgs, io: CliIO): Promise<number> {
    if (!positional.length) throw new UsageError(`no file given (usage: finops ${this.usage})`);
    const dateFormat = flags['date-format'];
    if (dateFormat !== undefined && (typeof dateFormat !== 'string' || !isLocaleDateFormat(dateFormat))) {
      throw new UsageError(`--date-format: expected one of ${LOCALE_DATE_FORMATS.join(', ')}, got ${JSON.stringify(dateFormat)}`);
    }
    const adapters = createAdapterRegistry();
    // Folders are read by their export manifests (only each billing period's latest delivery), zip archives by member.
    const { inputs, folders } = await expandLocalPaths(positional);
    let folderFailed = false;
    for (const { folder, plan } of folders) {
      for (const line of folderSummary(folder, plan)) io.err(`finops inspect: ${line}\n`);
      folderFailed ||= plan.unreadable.length > 0 || plan.deliveries.some((d) => d.status === 'incomplete');
    }
    const engine = await openEngine(flags, positional);
    try {
      const results: (InspectRow | InspectFailure)[] = [];
      for (const input of inputs) {
        const file = input.name;
        try {
          const r = await loadFile(engine, { ...(await input.open(engine)), adapters, dateFormat });
          for (const w of r.warnings) io.err(`finops inspect: ${file}: ${w}\n`);
          results.push({ file, kind: r.kind, format: r.format, rows: r.rows, totals: r.totals });
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          const { file: _file, outOfMemory: _oom, ...where } = e.details;
          const more = e.details.alternatives && !flags.json ? ' (--json lists every layout)' : '';
          io.err(`finops inspect: ${e.message}${more}\n`);
          results.push({ file, error: e.message, ...where });
        }
      }
      const loaded = results.filter((r): r is InspectRow => !('error' in r));
      if (flags.json) io.out(JSON.stringify(results) + '\n');
      else if (loaded.length) io.out(formatInspectTable(loaded));
      return loaded.length === results.length && !folderFailed ? 0 : 1;
    } finally {
      await engine.close();
    }
  },
};
