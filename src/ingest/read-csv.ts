/**
 * CSV raw reader: DuckDB's read_csv with everything VARCHAR and no sniffing. The header is parsed
 * here (so detection needs no SQL and duplicate names are caught), and the column list is passed
 * explicitly, so DuckDB reports malformed rows with their line number instead of a sniffer error.
 * UTF-16 exports are transcoded to UTF-8 before registration; a UTF-8 BOM is left to DuckDB.
 */
import { registeredFileName, type Engine } from '../engine/engine';
import { UserError } from '../model/errors';
import { ident, literal } from '../engine/sql';
import { gunzipAll } from './gzip';
import { numberedRows, readAllBytes, uniqueName, type PreparedRaw, type RawInput, type RawReader } from './raw';
import {
  checkHeaderNames,
  delimiterName,
  detectEncoding,
  firstInvalidUtf8Line,
  firstRecord,
  headText,
  isUtf16,
  looksBinary,
  normalizeLineEnds,
  otherDelimiter,
  transcodeUtf16,
} from './text';

/** The name given to the empty last header of a line ending in a comma (the ECB's rate files). */
export const TRAILING_COLUMN = '__trailing';
const withTrailingColumn = (h: string[]) => (h.length > 1 && h[h.length - 1] === '' ? [...h.slice(0, -1), TRAILING_COLUMN] : h);

/** read_csv options shared by every CSV load: RFC 4180, strict, nothing guessed. */
function readCsvSql(registered: string, headers: readonly string[], nullStrings: readonly string[], gzip: boolean): string {
  const columns = headers.map((h) => `${literal(h)}: 'VARCHAR'`).join(', ');
  const nulls = nullStrings.map(literal).join(', ');
  return (
    `read_csv(${literal(registered)}, header = true, auto_detect = false, all_varchar = true, ` +
    `delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false, ` +
    `max_line_size = 16777216, nullstr = [${nulls}], columns = {${columns}}${gzip ? `, compression = 'gzip'` : ''})`
  );
}

/** A registered file's bytes (path sources are read by the engine: the core has no file access). */
async function registeredBytes(engine: Engine, registered: string): Promise<Uint8Array> {
  const [row] = await engine.query<{ content: Uint8Array }>(`SELECT content FROM read_blob(${literal(registered)})`);
  return row.content;
}

export const csvReader: RawReader = {
  id: 'csv',
  sniff: () => true,
  async prepare(engine: Engine, input: RawInput): Promise<PreparedRaw> {
    const { file } = input;
    const encoding = detectEncoding(input.head);
    let head = input.head;
    let source = input.source;
    if (isUtf16(encoding)) {
      const utf8 = transcodeUtf16(await readAllBytes(input.source, file), encoding);
      source = { kind: 'buffer', data: utf8 };
      head = utf8.subarray(0, input.head.length);
    }
    if (looksBinary(head)) {
      throw new UserError(`${file}: expected a CSV text file (UTF-8 or UTF-16), but it contains binary data`, {
        file,
        expected: 'a CSV text file',
      });
    }
    const badLine = firstInvalidUtf8Line(head);
    if (badLine !== null) {
      throw new UserError(
        `${file}: line ${badLine}: expected UTF-8 or UTF-16 text, found bytes that are not UTF-8 (Latin-1 or Windows-1252?); save the file as UTF-8`,
        { file, row: badLine, expected: 'UTF-8 text' },
      );
    }
    const text = headText(head);
    if (text.trim() === '') {
      throw new UserError(`${file}: the file is empty: expected a header row followed by data rows`, {
        file,
        row: 0,
        expected: 'a header row',
      });
    }
    const rec = firstRecord(text);
    if (!rec) {
      throw new UserError(`${file}: row 0 (header): unclosed quote in the header row: expected a closing "`, {
        file,
        row: 0,
        expected: 'a closing quote',
      });
    }
    const headers = withTrailingColumn(rec.fields);
    checkHeaderNames(file, headers);
    const other = headers.length === 1 ? otherDelimiter(text.slice(0, rec.end)) : null;
    let gzip = input.compression === 'gzip';
    let registered = registeredFileName(uniqueName('csv'));
    let isRegistered = false;
    const staged = uniqueName('csv_rows');
    return {
      headers,
      container: 'CSV',
      // A complete record after the header in the head bytes: at least one data row.
      seenRows: { atLeast: firstRecord(text.slice(rec.end).replace(/^[\r\n]+/, ''))?.fields.some((f) => f.trim() !== '') ? 1 : 0 },
      hint: other ? `the header looks ${delimiterName(other)}-separated; expected comma-separated values` : undefined,
      async stage(opts) {
        // Staged again when a load is retried (locale dates decided): registered once.
        if (!isRegistered) await engine.registerFile(registered, source);
        isRegistered = true;
        // Native DuckDB splits a plain file over its threads (a gzip stream is read on one thread anyway).
        const parallel = Boolean(engine.nativeReaders) && !gzip;
        const read = readCsvSql(registered, headers, opts.nullStrings, gzip);
        const rows = numberedRows(headers.map(ident).join(', '), read, headers, parallel, staged);
        if (rows.staging) await engine.exec(rows.staging.create);
        return { relation: rows.relation };
      },
      async normalizeLineEnds() {
        if (!isRegistered) await engine.registerFile(registered, source);
        const stored = source.kind === 'path' ? await registeredBytes(engine, registered) : await readAllBytes(source, file);
        const bytes = gzip ? await gunzipAll(file, new Blob([stored as Uint8Array<ArrayBuffer>])) : stored;
        gzip = false;
        await engine.dropFile(registered);
        source = { kind: 'buffer', data: normalizeLineEnds(bytes) };
        registered = registeredFileName(uniqueName('csv'));
        await engine.registerFile(registered, source);
        isRegistered = true;
      },
      async dispose() {
        await engine.exec(`DROP TABLE IF EXISTS ${ident(staged)}`);
        if (isRegistered) await engine.dropFile(registered);
      },
    };
  },
};
