/** Numbers out of a grid: the clipboard (TSV for a spreadsheet) and a saved CSV or XLSX file. */
import type { Row } from '../../src/engine/engine';
import { gridCsv, gridXlsx, toTsv, type ExportColumn } from '../../src/queries/grid/export';
import { getHostBridge } from '../host/bridge';

/** The async clipboard where the page may use it, else the copy command of the focused document. */
export async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Not allowed here (no permission or no user activation left): fall back to a copy event.
  }
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', text);
    e.preventDefault();
  };
  document.addEventListener('copy', onCopy, { once: true });
  const ok = document.execCommand('copy');
  document.removeEventListener('copy', onCopy);
  if (!ok) throw new Error('The clipboard is not available here; export the grid to CSV instead.');
}

export async function copyRows(rows: readonly Row[], cols: readonly ExportColumn[], withHeader: boolean): Promise<void> {
  await writeClipboard(toTsv(rows, cols, withHeader));
}

export type GridFileFormat = 'csv' | 'xlsx';

const FORMAT = {
  csv: { label: 'CSV (comma-separated)', mime: 'text/csv' },
  xlsx: { label: 'Excel workbook (.xlsx)', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
} as const;

/** Saves the rows as a file named after the grid and today's date; the saved name, or null when cancelled. */
export async function saveGridFile(
  rows: readonly Row[],
  cols: readonly ExportColumn[],
  label: string,
  format: GridFileFormat,
): Promise<string | null> {
  const slug =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'grid';
  const day = new Date().toISOString().slice(0, 10);
  const data = format === 'csv' ? gridCsv(rows, cols) : gridXlsx(rows, cols, label);
  const saved = await getHostBridge().saveFile({
    suggestedName: `${slug}-${day}.${format}`,
    data,
    mimeType: FORMAT[format].mime,
    filters: [{ name: FORMAT[format].label, extensions: [format] }],
    title: `Export ${label}`,
  });
  return saved?.name ?? null;
}
