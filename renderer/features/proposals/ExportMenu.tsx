/** Export approved (or all) proposals in the formats billing systems and spreadsheets take back. */
import { useState } from 'react';
import { EXPORT_FORMAT_TABLE, EXPORT_FORMATS, exportProposals, type ExportFormat } from '../../../src/proposals/exports';
import { initParquetWasm } from '../../../src/proposals/export-parquet';
import type { ReviewedProposal } from '../../../src/proposals/review';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { getHostBridge } from '../../host/bridge';

export function ExportMenu({ rows }: { rows: ReviewedProposal[] }) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [approvedOnly, setApprovedOnly] = useState(true);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const count = approvedOnly ? rows.filter((r) => r.state === 'approved').length : rows.length;

  const run = async () => {
    setStatus(null);
    try {
      if (format === 'parquet') await initParquetWasm(new URL(parquetWasm, document.baseURI));
      const data = await exportProposals(rows, format, { approvedOnly });
      const day = new Date().toISOString().slice(0, 10);
      const saved = await getHostBridge().saveFile({
        suggestedName: `proposals-${approvedOnly ? 'approved' : 'all'}-${day}.${EXPORT_FORMAT_TABLE[format].ext}`,
        data,
        mimeType: EXPORT_FORMAT_TABLE[format].mime,
        filters: [{ name: EXPORT_FORMAT_TABLE[format].label, extensions: [EXPORT_FORMAT_TABLE[format].ext.split('.').pop()!] }],
        title: 'Export proposals',
      });
      setStatus(
        saved ? { ok: true, text: `Exported ${count} proposal${count === 1 ? '' : 's'} to ${saved.name}` } : { ok: true, text: 'Export cancelled.' },
      );
    } catch (e) {
      setStatus({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div className="toolbar" style={{ margin: 0 }} aria-label="Export proposals" role="group">
      <label>
        Export{' '}
        <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {EXPORT_FORMAT_TABLE[f].label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={approvedOnly} onChange={(e) => setApprovedOnly(e.target.checked)} /> Approved only
      </label>
      <button type="button" className="btn primary" onClick={() => void run()} disabled={count === 0} data-testid="export-proposals">
        Export {count}
      </button>
      {status && (
        <span className={status.ok ? 'muted' : 'error-text'} role={status.ok ? 'status' : 'alert'} data-testid="export-status">
          {status.text}
        </span>
      )}
    </div>
  );
}
