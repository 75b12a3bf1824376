/**
 * A minimal XLSX (SpreadsheetML) writer: inline strings, numbers written as their exact decimal
 * text with a number format per decimal count, a bold frozen header row. Zipped with fflate.
 */
import { strToU8, zipSync } from 'fflate';

export type XlsxCell = { t: 's'; v: string } | { t: 'n'; v: string; decimals: number } | null;

export interface XlsxSheet {
  name: string; // <= 31 chars, no []:*?/\
  header: string[];
  rows: XlsxCell[][];
  widths?: number[];
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const MAX_DECIMALS = 6;
/** Excel's limit on the characters in one cell (longer text makes Excel repair the workbook). */
export const XLSX_MAX_CELL_CHARS = 32_767;

/** Drops control characters XML 1.0 cannot carry (all below U+0020 except tab, LF, CR). */
function stripInvalidXmlChars(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) out += ch;
  }
  return out;
}

export function xmlEscape(s: string): string {
  return stripInvalidXmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;'); // a raw CR would be read back as LF
}

export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Style index: 0 default, 1 bold header, 2 + d = number with d decimals and thousands separators. */
const numberStyle = (decimals: number) => 2 + Math.min(Math.max(decimals, 0), MAX_DECIMALS);

function stylesXml(): string {
  const fmts = Array.from({ length: MAX_DECIMALS }, (_, i) => `<numFmt numFmtId="${165 + i}" formatCode="#,##0.${'0'.repeat(i + 1)}"/>`);
  const xfs = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
    ...Array.from(
      { length: MAX_DECIMALS },
      (_, i) => `<xf numFmtId="${165 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
    ),
  ];
  return (
    XML_HEAD +
    `<styleSheet xmlns="${NS_MAIN}"><numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`
  );
}

function cellXml(ref: string, c: XlsxCell, header = false): string {
  if (c === null) return '';
  if (c.t === 'n') {
    if (!/^-?\d+(\.\d+)?$/.test(c.v)) throw new Error(`XLSX number cell ${ref} is not a plain decimal: "${c.v}"`);
    return `<c r="${ref}" s="${numberStyle(c.decimals)}"><v>${c.v}</v></c>`;
  }
  if (c.v.length > XLSX_MAX_CELL_CHARS) throw new Error(`XLSX cell ${ref} holds ${c.v.length} characters, over Excel's ${XLSX_MAX_CELL_CHARS}`);
  const space = c.v !== c.v.trim() ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"${header ? ' s="1"' : ''}><is><t${space}>${xmlEscape(c.v)}</t></is></c>`;
}

function sheetXml(s: XlsxSheet): string {
  const rows = [s.header.map((h): XlsxCell => ({ t: 's', v: h })), ...s.rows];
  const body = rows
    .map((r, ri) => `<row r="${ri + 1}">${r.map((c, ci) => cellXml(`${columnName(ci)}${ri + 1}`, c, ri === 0)).join('')}</row>`)
    .join('');
  const cols = s.widths?.length
    ? `<cols>${s.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : '';
  return (
    XML_HEAD +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `${cols}<sheetData>${body}</sheetData></worksheet>`
  );
}

export function writeXlsx(sheets: XlsxSheet[]): Uint8Array {
  const names = new Set<string>();
  for (const s of sheets) {
    if (!s.name || s.name.length > 31 || /[[\]:*?/\\]/.test(s.name) || names.has(s.name.toLowerCase())) {
      throw new Error(`invalid or duplicate sheet name "${s.name}"`);
    }
    names.add(s.name.toLowerCase());
  }
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      XML_HEAD +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      XML_HEAD +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      XML_HEAD +
        `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>` +
        sheets.map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      XML_HEAD +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(stylesXml()),
  };
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s))));
  // Fixed timestamps keep the archive byte-identical across runs.
  return zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}
