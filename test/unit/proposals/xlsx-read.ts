/** Reads back the XLSX files our writer produces (unzip + the SpreadsheetML subset we emit). */
import { strFromU8, unzipSync } from 'fflate';

export type Cell = { t: 's' | 'n'; v: string; style: number };

const unescape = (s: string) =>
  s.replace(/&#13;/g, '\r').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

export function readXlsx(bytes: Uint8Array): { sheets: Record<string, Cell[][]>; files: Record<string, string> } {
  const zip = unzipSync(bytes);
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(zip)) files[k] = strFromU8(v);
  const names = [...files['xl/workbook.xml'].matchAll(/<sheet name="([^"]*)" sheetId="(\d+)"/g)].map((m) => [unescape(m[1]), m[2]]);
  const sheets: Record<string, Cell[][]> = {};
  for (const [name, id] of names) {
    const xml = files[`xl/worksheets/sheet${id}.xml`];
    sheets[name] = [...xml.matchAll(/<row r="\d+">([\s\S]*?)<\/row>/g)].map((row) =>
      [...row[1].matchAll(/<c r="[A-Z]+\d+"( t="inlineStr")?(?: s="(\d+)")?>(?:<is><t[^>]*>([\s\S]*?)<\/t><\/is>|<v>(.*?)<\/v>)<\/c>/g)].map(
        (c): Cell => (c[1] ? { t: 's', v: unescape(c[3]), style: Number(c[2] ?? 0) } : { t: 'n', v: c[4], style: Number(c[2] ?? 0) }),
      ),
    );
  }
  return { sheets, files };
}
