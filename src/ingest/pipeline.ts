/**
 * loadFile: one file -> one canonical table, all or nothing.
 *
 *   detect (raw reader by leading bytes, adapter by header among input.adapters) -> required-column
 *   check -> stage the raw relation -> map with the adapter's SELECT (cell errors name row/column/value) and
 *   append to the canonical table, all in one transaction (cost lines: straight into cost_lines,
 *   batch by batch for Parquet, then cost_tags; other tables: through a temporary table) ->
 *   per-currency totals, date range.
 *
 * Pure: runs in Node and in the renderer's worker engine. Node file access is in node-files.ts.
 */
import type { Engine, FileSource, LoadProgress } from '../engine/engine';
import { UserError } from '../model/errors';
import { ident } from '../engine/sql';
import { ensureCanonicalTables } from '../engine/ddl';
import type { Adapter, DataKind, MapContext } from './adapter';
import { CSV_UNPARSED, diagnoseCells, explainLoadError } from './errors';
import { TAG_MAP, typedTwin, uniqueName, type PreparedRaw, type RawRelation, type StageOptions } from './raw';
import { pickRawReader } from './readers';
import { currencyColumnOf, periodColumnsOf, snakeCase, totalColumnsOf, type AdapterRegistry } from './registry';
import { explodeTagMapSql, explodeTagsSql } from './tags';
import { detectEncoding, HEAD_BYTES, isUtf16 } from './text';
import { checkGzip, gunzipAll, gunzipHead, isGzip } from './gzip';
import { isZip } from './zip';
import { decideDateFormat, undecidedDateColumn } from './locale-dates';
import type { LocaleDateFormat } from './sql';
import {
  isRoundingStop,
  mergeRounded,
  roundedCellsSql,
  roundingGuardRelation,
  roundingNotice,
  withDecimalCells,
  type RoundedColumn,
} from './sql/rounding';

/** Locale date formats decided for this load, by raw column. */
type DateFormats = Record<string, LocaleDateFormat>;

export interface LoadFileInput {
  /** The name shown to the user and stored as source_file. */
  name: string;
  source: FileSource;
  /** Leading bytes of the file as stored; required for `path` sources (node-files.ts provides them). */
  head?: Uint8Array;
  /** The same bytes as a Blob read by range, for `path` sources that are gzip or JSON on native engines (node-files.ts provides it). */
  blob?: Blob;
  /** The formats detection chooses from (createAdapterRegistry(config)). */
  adapters: AdapterRegistry;
  /** Restrict detection to adapters of this kind. */
  kindHint?: DataKind;
  /** The locale date format the user declares for date columns the mapping leaves open (4/1/2025 as M/D/YYYY). */
  dateFormat?: LocaleDateFormat;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
}

/** Key used for totals of rows whose currency is missing (or tables without a currency). */
export const NO_CURRENCY = '(none)';

export interface LoadResult {
  file: string;
  kind: DataKind;
  format: string;
  /** Canonical table the rows were appended to. */
  table: string;
  rows: number;
  /** currency -> snake_case money column (e.g. billed_cost) -> exact decimal string. */
  totals: Record<string, Record<string, string>>;
  /** Earliest start / latest end of the adapter's period columns (ISO UTC), when known. */
  dateRange: { start: string; end: string } | null;
  currencies: string[];
  warnings: string[];
  /** x_line_id range of the appended cost lines (cost loads only), inclusive. */
  lineIds?: { first: number; last: number };
}

async function headOf(input: LoadFileInput): Promise<Uint8Array> {
  if (input.head) return input.head;
  const s = input.source;
  if (s.kind === 'buffer') return s.data.subarray(0, HEAD_BYTES);
  if (s.kind === 'blob') return new Uint8Array(await s.blob.slice(0, HEAD_BYTES).arrayBuffer());
  throw new Error(`${input.name}: path sources need their head bytes (use openLocalFile from node-files.ts)`);
}

/** Trims an exact decimal string's trailing zeros, keeping at least two decimals. */
export function tidyDecimal(s: string): string {
  if (!s.includes('.')) return s + '.00';
  const [i, f] = s.split('.');
  const frac = f.replace(/0+$/, '');
  return `${i}.${frac.padEnd(2, '0')}`;
}

function blobOf(input: LoadFileInput): Blob {
  const s = input.source;
  if (s.kind === 'blob') return s.blob;
  if (s.kind === 'buffer') return new Blob([s.data as Uint8Array<ArrayBuffer>]);
  if (input.blob) return input.blob;
  throw new Error(`${input.name}: a gzip path source needs its Blob (use openLocalFile from node-files.ts)`);
}

/**
 * What the readers see of a gzip file: UTF-8 CSV stays compressed (checked end to end, then read
 * by DuckDB streaming); JSON, UTF-16 text and Parquet are inflated into one buffer (read whole anyway).
 */
async function openCompressed(input: LoadFileInput, stored: Uint8Array): Promise<{ source: FileSource; head: Uint8Array; compression?: 'gzip' }> {
  if (isZip(stored)) {
    throw new UserError(`${input.name}: expected a data file, got a zip archive: open the archive to load its files`, {
      file: input.name,
      expected: 'a data file',
    });
  }
  if (!isGzip(stored)) return { source: input.source, head: stored };
  const blob = blobOf(input);
  const head = await gunzipHead(input.name, blob, HEAD_BYTES);
  // Not one byte decodes: binary data that only starts like gzip, refused as stored by the readers.
  if (!head) return { source: input.source, head: stored };
  if (pickRawReader(head).id === 'csv' && !isUtf16(detectEncoding(head)) && !isGzip(head)) {
    input.onProgress?.({ stage: 'check', bytes: 0, totalBytes: blob.size });
    await checkGzip(input.name, blob, { signal: input.signal, onProgress: input.onProgress });
    return { source: input.source, head, compression: 'gzip' };
  }
  const data = await gunzipAll(input.name, blob, input.signal);
  return { source: { kind: 'buffer', data }, head: data.subarray(0, HEAD_BYTES) };
}

function checkAbort(file: string, signal?: AbortSignal): void {
  if (signal?.aborted) throw new UserError(`${file}: load cancelled`, { file });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function requireColumns(file: string, adapter: Adapter, headers: readonly string[]): void {
  const missing = adapter.requiredColumns(headers).filter((c) => !headers.includes(c));
  if (missing.length) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    throw new UserError(
      `${file}: row 0 (header), column ${list}: expected ${missing.length > 1 ? 'these columns' : 'this column'} (required by ${adapter.format}), but ${missing.length > 1 ? 'they are' : 'it is'} missing`,
      { file, row: 0, column: missing[0], expected: `column ${missing[0]}` },
    );
  }
}

/**
 * A failure while evaluating the adapter's SELECT -> a one-line UserError naming file, row/line,
 * column and what was expected. Call it after any transaction has rolled back: the fallback
 * diagnosis queries the raw relation again.
 */
async function mappingFailure(
  engine: Engine,
  file: string,
  adapter: Adapter,
  prepared: PreparedRaw,
  raw: RawRelation | null,
  e: unknown,
): Promise<Error> {
  // A cell rounds: the load maps again, counting them (loadFile).
  if (isRoundingStop(e)) return e instanceof Error ? e : new Error(String(e));
  if (e instanceof UserError) {
    // The engine cannot name the file; say which one did not fit.
    if (e.details.file) return e;
    return new UserError(`${file}: ${e.message.replace(/^The \w+ /, '')}`, { ...e.details, file }, e.code);
  }
  const msg = messageOf(e);
  const explained = explainLoadError(file, msg, prepared.headers);
  if (explained) return explained;
  if (raw && /Conversion Error|Could not convert|Invalid Input Error/i.test(msg)) {
    // A batch's staging table may be gone with the rolled-back transaction: then no diagnosis.
    const cell = await diagnoseCells(engine, file, raw.relation, adapter.typedColumns(prepared.headers)).catch(() => null);
    if (cell) return cell;
  }
  return new UserError(`${file}: could not be read as ${adapter.format}: ${msg.split('\n')[0]}`, { file });
}

/** Row count, line-id range and date range of the mapped rows, in one scan. */
async function stats(engine: Engine, adapter: Adapter, relation: string) {
  const period = periodColumnsOf(adapter);
  const cost = adapter.table === 'cost_lines';
  const cols = [
    'count(*) AS n',
    cost ? 'min(x_line_id) AS f, max(x_line_id) AS l' : 'NULL AS f, NULL AS l',
    period ? `CAST(min(${ident(period[0])}) AS TIMESTAMP) AS s, CAST(max(${ident(period[1])}) AS TIMESTAMP) AS e` : 'NULL AS s, NULL AS e',
  ];
  const [r] = await engine.query(`SELECT ${cols.join(', ')} FROM ${relation}`);
  const rows = Number(r.n);
  return {
    rows,
    lineIds: cost && rows > 0 ? { first: Number(r.f), last: Number(r.l) } : undefined,
    dateRange: r.s != null && r.e != null ? { start: String(r.s), end: String(r.e) } : null,
  };
}

/** Per-currency totals of the adapter's money columns. */
async function totalsOf(engine: Engine, file: string, adapter: Adapter, relation: string, rows: number) {
  const cur = currencyColumnOf(adapter);
  const cols = totalColumnsOf(adapter);
  const totals: Record<string, Record<string, string>> = {};
  const currencies: string[] = [];
  const warnings: string[] = [];
  if (cols.length && rows > 0) {
    const curExpr = cur ? `COALESCE(${ident(cur)}, '${NO_CURRENCY}')` : `'${NO_CURRENCY}'`;
    const sum = (c: string) => `CAST(COALESCE(SUM(${ident(c)}), 0) AS DECIMAL(38,18))`;
    const sums = cols.map((c, i) => `${sum(c)} AS s${i}`).join(', ');
    const res = await engine
      .query(`SELECT ${curExpr} AS cur, count(*) AS n, ${sums} FROM ${relation} GROUP BY 1 ORDER BY 1`)
      .catch(async (e: unknown) => {
        if (!(e instanceof UserError) || e.details.expected !== 'sums under 1e20') throw e;
        // Name the column whose total does not fit (amounts are bounded at load, so it takes very many large ones).
        for (const c of cols) {
          const fits = await engine.query(`SELECT ${sum(c)} FROM ${relation} GROUP BY ${curExpr}`).then(
            () => true,
            () => false,
          );
          if (!fits)
            throw new UserError(
              `${file}: column "${c}": expected totals under 1e20 in magnitude (DECIMAL(38,18)), but the sum of its amounts is larger: split the file`,
              { file, column: c, expected: 'sums under 1e20' },
            );
        }
        throw e;
      });
    for (const r of res) {
      const c = String(r.cur);
      totals[c] = Object.fromEntries(cols.map((col, i) => [snakeCase(col), tidyDecimal(String(r[`s${i}`]))]));
      if (c === NO_CURRENCY && cur) warnings.push(`${r.n} rows have no ${cur}; their totals are listed under ${NO_CURRENCY}`);
      else currencies.push(c);
    }
  }
  if (rows === 0) warnings.push('the file has a header but no data rows');
  return { totals, currencies, warnings };
}

/** Rounded decimal cells of a load, by column (rounding.ts). */
type Rounded = Map<string, RoundedColumn>;

/**
 * Tables whose adapters map every raw row (no WHERE): their loads test for rounding inside the
 * mapping's scan (roundingGuardRelation) and count only when a cell rounds. Billing adapters may
 * skip rows, whose cells the count still reports, so they always count.
 */
const MAPS_EVERY_ROW: ReadonlySet<string> = new Set(['cost_lines', 'usage_events']);

/**
 * The adapter's SELECT over one raw relation, with a step that counts the cells it rounds into
 * `rounded`; `guarded`: over roundingGuardRelation instead, so nothing is counted (no cell rounds
 * when the SELECT succeeds).
 */
function mapping(engine: Engine, adapter: Adapter, headers: readonly string[], ctx: MapContext, rounded: Rounded, guarded: boolean) {
  const built = withDecimalCells(() => adapter.selectSql(headers, ctx));
  if (guarded && built.cells.length) {
    const raw = roundingGuardRelation(built.cells, ctx.raw);
    return { select: withDecimalCells(() => adapter.selectSql(headers, { ...ctx, raw })).sql, countRounded: async () => {} };
  }
  const { sql, cells } = built;
  const countRounded = async () => {
    if (!cells.length) return;
    const [row] = await engine.query(roundedCellsSql(cells, ctx.raw));
    mergeRounded(rounded, cells, row);
  };
  return { select: sql, countRounded };
}

/** Fills cost_tags for the lines just loaded: from the source's tag map when it has one, else from cost_lines.Tags. */
function tagMapSql(adapter: Adapter, raw: RawRelation, base: number): string | null {
  const col = adapter.tagsColumn;
  if (col && TAG_MAP.test(raw.typed?.[col] ?? '')) return explodeTagMapSql(raw.relation, typedTwin(col), `CAST(${base} + "__row" AS BIGINT)`);
  return null;
}

/**
 * Maps the file straight into cost_lines (no intermediate copy), batch by batch, in one
 * transaction, then fills cost_tags. Line ids continue after the lines already loaded; source_row
 * keeps them unique within the file. Loads on one engine run one after another (the app queues
 * them), so "x_line_id > base" is exactly this load's lines. Returns the number of lines.
 */
async function loadCostLines(
  engine: Engine,
  input: LoadFileInput,
  adapter: Adapter,
  prepared: PreparedRaw,
  base: number,
  loaded: string,
  dates: DateFormats,
  rounded: Rounded,
  guarded: boolean,
  summarize: (rows: number) => Promise<Summary>,
): Promise<{ rows: number; summary: Summary }> {
  const file = input.name;
  const progress = (stage: string, rows?: number) => input.onProgress?.({ stage, rows });
  let current: RawRelation | null = null;
  const stageOpts = { nullStrings: ['', ...(adapter.nullStrings ?? [])] };
  progress('read');
  // A whole-file staging is read before the transaction: native DuckDB scans a table created in the
  // open transaction on one thread (read-csv.ts stages CSV so on native engines).
  const whole = prepared.stageBatches
    ? null
    : await prepared.stage(stageOpts).catch(async (e: unknown) => {
        throw await mappingFailure(engine, file, adapter, prepared, null, e);
      });
  return engine
    .transaction(async () => {
      let tagsDone = true;
      // One relation per row group when the reader stages in batches (Parquet), else the whole file.
      for await (const raw of whole ? [whole] : prepared.stageBatches!(stageOpts)) {
        if (!current) progress('map', prepared.stageBatches ? undefined : raw.rows);
        current = raw;
        checkAbort(file, input.signal);
        const { select, countRounded } = mapping(
          engine,
          adapter,
          prepared.headers,
          { raw: raw.relation, sourceFile: file, typed: raw.typed, dates },
          rounded,
          guarded,
        );
        await engine.exec(`INSERT INTO cost_lines SELECT * REPLACE (CAST(${base} + source_row AS BIGINT) AS x_line_id) FROM (${select})`);
        await countRounded();
        const fromMap = tagMapSql(adapter, raw, base);
        if (fromMap) await engine.exec(fromMap);
        else tagsDone = false;
      }
      const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${loaded}`);
      checkAbort(file, input.signal);
      progress('insert', Number(n));
      progress('tags', Number(n));
      if (!tagsDone) await engine.exec(explodeTagsSql(loaded, 'x_line_id'));
      checkAbort(file, input.signal);
      // Summarised before the commit: a total that cannot be computed leaves nothing loaded.
      return { rows: Number(n), summary: await summarize(Number(n)) };
    })
    .catch(async (e: unknown) => {
      throw await mappingFailure(engine, file, adapter, prepared, current, e);
    });
}

/**
 * The mapped row count against the rows the reader saw itself (PreparedRaw.seenRows): an engine
 * that silently reads nothing (a failed engine, a file rewritten during the load) must not pass
 * for an empty file. Cost adapters map every row; billing ones may skip some (fx 'N/A', ledger
 * categories), so for them 0 rows is checked against a count of the raw relation.
 */
async function checkRowsRead(engine: Engine, file: string, adapter: Adapter, prepared: PreparedRaw, rows: number, raw: RawRelation | null) {
  const seen = prepared.seenRows;
  if (!seen) return;
  const exact = 'exactly' in seen;
  const count = exact ? seen.exactly : seen.atLeast;
  let wrong = exact ? rows > count : false;
  if (adapter.table === 'cost_lines') wrong ||= exact ? rows !== count : rows < count;
  else if (rows === 0 && count > 0) {
    const [r] = raw ? await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${raw.relation}`) : [{ n: 0 }];
    wrong = Number(r.n) === 0;
  }
  if (!wrong) return;
  throw new UserError(
    `${file}: expected ${exact ? '' : 'at least '}${count} data row${count === 1 ? '' : 's'} as the file holds, but the engine read ${rows}: nothing was loaded (was the file changed while loading, or did the engine fail? restart it and load again)`,
    { file, expected: `${count} data rows` },
  );
}

type Summary = Awaited<ReturnType<typeof totalsOf>> & Awaited<ReturnType<typeof stats>>;

/** Engines whose canonical tables exist already (DDL once per engine, not per load). */
const tablesReady = new WeakSet<Engine>();

export async function loadFile(engine: Engine, input: LoadFileInput): Promise<LoadResult> {
  const file = input.name;
  const progress = (stage: string, rows?: number) => input.onProgress?.({ stage, rows });
  checkAbort(file, input.signal);
  progress('detect');
  const { source, head, compression } = await openCompressed(input, await headOf(input));
  const reader = pickRawReader(head, engine);
  const blob = source === input.source ? input.blob : undefined;
  const prepared = await reader.prepare(engine, { file, source, head, compression, blob, signal: input.signal, onProgress: input.onProgress });
  let temp: string | null = null;
  try {
    const adapter = input.adapters.require(file, prepared.headers, { kindHint: input.kindHint, hint: prepared.hint });
    requireColumns(file, adapter, prepared.headers);
    checkAbort(file, input.signal);
    if (!tablesReady.has(engine)) {
      await ensureCanonicalTables(engine);
      tablesReady.add(engine);
    }
    let loaded = '';
    let rows = 0;
    let summary: Summary | null = null;
    const summarize = async (n: number): Promise<Summary> => {
      await checkRowsRead(engine, file, adapter, prepared, n, raw);
      const counted = await stats(engine, adapter, loaded);
      progress('summary', n);
      return { ...counted, ...(await totalsOf(engine, file, adapter, loaded, n)) };
    };
    const stageOpts: StageOptions = { nullStrings: ['', ...(adapter.nullStrings ?? [])] };
    let raw: RawRelation | null = null;
    let normalized = false;
    const rounded: Rounded = new Map();
    let guarded = MAPS_EVERY_ROW.has(adapter.table);
    // Locale date columns are decided only when the mapping meets one (locale-dates.ts), then mapped again.
    for (let dates: DateFormats = {}; ;) {
      rounded.clear();
      try {
        if (adapter.table === 'cost_lines') {
          const [{ base }] = await engine.query<{ base: number }>('SELECT CAST(COALESCE(max(x_line_id), 0) AS BIGINT) AS base FROM cost_lines');
          loaded = `(SELECT * FROM cost_lines WHERE x_line_id > ${Number(base)})`;
          ({ rows, summary } = await loadCostLines(engine, input, adapter, prepared, Number(base), loaded, dates, rounded, guarded, summarize));
        } else {
          progress('read');
          raw ??= await prepared.stage(stageOpts);
          checkAbort(file, input.signal);
          progress('map', raw.rows);
          const { select, countRounded } = mapping(
            engine,
            adapter,
            prepared.headers,
            { raw: raw.relation, sourceFile: file, typed: raw.typed, dates },
            rounded,
            guarded,
          );
          const name = uniqueName('mapped');
          await engine.exec(`CREATE TEMP TABLE ${ident(name)} AS ${select}`).catch(async (e: unknown) => {
            throw await mappingFailure(engine, file, adapter, prepared, raw, e);
          });
          temp = name;
          await countRounded();
          loaded = ident(temp);
        }
        break;
      } catch (e) {
        if (guarded && isRoundingStop(e)) {
          guarded = false;
          continue;
        }
        if (e instanceof UserError && e.details.expected === CSV_UNPARSED && prepared.normalizeLineEnds && !normalized) {
          // Mixed CRLF/LF ends stop DuckDB's strict reader: read a normalised copy (CSV only), then map again.
          await prepared.normalizeLineEnds();
          normalized = true;
          raw = null;
          continue;
        }
        const column = undecidedDateColumn(e);
        if (!column || column in dates) throw e;
        if (input.dateFormat) {
          dates = { ...dates, [column]: input.dateFormat };
          continue;
        }
        // A cost load's staging was rolled back with its transaction: stage the file again for the scan.
        const scanned = adapter.table === 'cost_lines' ? await prepared.stage(stageOpts) : raw!;
        dates = { ...dates, [column]: await decideDateFormat(engine, file, scanned.relation, column) };
      }
    }
    if (adapter.table !== 'cost_lines') {
      const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${loaded}`);
      rows = Number(n);
      checkAbort(file, input.signal);
      summary = await summarize(rows);
      progress('insert', rows);
      await engine.transaction(async () => {
        await engine.exec(`INSERT INTO ${ident(adapter.table)} SELECT * FROM ${loaded}`);
        checkAbort(file, input.signal);
      });
    }
    const { lineIds, dateRange, totals, currencies } = summary!;
    const warnings = [...[...rounded.values()].map(roundingNotice), ...summary!.warnings];
    progress('done', rows);
    return { file, kind: adapter.kind, format: adapter.format, table: adapter.table, rows, totals, currencies, warnings, dateRange, lineIds };
  } finally {
    if (temp) await engine.exec(`DROP TABLE IF EXISTS ${ident(temp)}`).catch(() => {});
    await prepared.dispose().catch(() => {});
  }
}
