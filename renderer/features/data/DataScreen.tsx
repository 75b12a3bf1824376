/**
 * The import panel: pick or drop files, see each loaded file's kind, format, rows, date range and
 * per-currency totals (from the engine), follow a running load with row counts and cancel it, and
 * read an error card for every file that failed (what was loaded before stays loaded).
 */
import { useEffect, useState } from 'react';
import { progressView, formatBytes, formatDuration } from './load-progress';
import { useApp, type DataNotice, type FileError, type LoadedFile } from '../../app/store';
import { formatCount, formatMoney } from '../../lib/format-money';
import { formatRangeUtc } from '../../lib/format-date';
import { cancelLoads, closeSamples, dismissError, dismissNotice, failedRequest, removeFiles, restartNow, retryWithMapping } from './load-queue';
import { DateFormatOffer } from './DateFormatOffer';
import { MappingDialog } from './MappingDialog';
import { SamplesPanel } from './SamplesPanel';
import { EngineChoice } from './EngineChoice';
import { WarehousePanel } from './WarehousePanel';
import { pickAndOpen, pickAndReplace, pickFolderAndOpen } from './open-files';
import { openWorkspaceFromHost, saveWorkspace } from './workspace';

const KIND_LABEL: Record<string, string> = {
  cost: 'Provider cost',
  usage: 'Usage events',
  ledger: 'Invoices / ledger',
  prices: 'Price book',
  invoices: 'Provider invoices (FOCUS)',
  commitments: 'Contract commitments (FOCUS)',
};

export function DataScreen() {
  const files = useApp((s) => s.files);
  const allErrors = useApp((s) => s.errors);
  // A load the user cancelled is not a failure: listed on its own, without the error styling.
  const errors = allErrors.filter((e) => !e.cancelled);
  const cancelled = allErrors.filter((e) => e.cancelled);
  const notices = useApp((s) => s.notices);
  const busy = useApp((s) => s.job !== null);
  const job = useApp((s) => s.job);
  const engineReady = useApp((s) => s.engineStatus.status === 'ready');
  const profiles = useApp((s) => s.mappingProfiles);
  const configFile = useApp((s) => s.configFile);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = () => {
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = () => {
      depth = 0;
      setDragging(false);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop, true);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop, true);
    };
  }, []);

  const [wsMessage, setWsMessage] = useState<string | null>(null);
  const save = async () => {
    try {
      const name = await saveWorkspace(false);
      setWsMessage(name ? `Workspace saved as ${name}.` : 'Save cancelled.');
    } catch (e) {
      setWsMessage(`The workspace was not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const open = async () => {
    try {
      setWsMessage((await openWorkspaceFromHost()) ? 'Workspace opened.' : null);
    } catch (e) {
      setWsMessage(`The workspace could not be opened: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <>
      <h1>Data</h1>
      <p className="subtitle">
        Cost exports (FOCUS, AWS CUR, Azure EA, OCI), usage events, invoices/ledgers and price books. Each file loads completely or not at all.
      </p>
      <div className={`panel drop-zone${dragging ? ' dragging' : ''}`} aria-label="Import files">
        <div className="toolbar" style={{ marginBottom: 0 }}>
          <button type="button" className="btn primary" onClick={() => void pickAndOpen()} data-testid="open-files">
            Open files…
          </button>
          <button type="button" className="btn" onClick={() => void pickFolderAndOpen()} data-testid="open-folder">
            Open export folder…
          </button>
          <span className="muted">or drop files or folders anywhere on the window (CSV, JSONL, Parquet, .gz, .zip).</span>
          <span className="grow" />
          {!engineReady && <span className="muted">Files wait in the queue until the engine is ready.</span>}
          <button type="button" className="btn" onClick={() => void open()}>
            Open workspace…
          </button>
          <button type="button" className="btn" onClick={() => void save()} data-testid="save-workspace">
            Save workspace
          </button>
        </div>
        {job && <LoadProgressBar />}
        {wsMessage && (
          <p className="muted" role="status" style={{ marginBottom: 0 }}>
            {wsMessage}
          </p>
        )}
      </div>

      {notices.length > 0 && (
        <div className="cards" data-testid="data-notices" style={{ marginTop: 12 }}>
          {notices.map((n) => (
            <NoticeCard key={n.id} notice={n} />
          ))}
        </div>
      )}
      <EngineChoice />
      <WarehousePanel />
      <SamplesPanel />
      {errors.length > 0 && (
        <>
          <h2>Files that did not load ({errors.length})</h2>
          <div className="cards" data-testid="load-errors">
            {errors.map((e) => (
              <ErrorCard key={e.id} error={e} />
            ))}
          </div>
        </>
      )}
      {cancelled.length > 0 && (
        <>
          <h2>Cancelled loads ({cancelled.length})</h2>
          <div className="cards" data-testid="load-cancelled">
            {cancelled.map((e) => (
              <CancelledCard key={e.id} load={e} />
            ))}
          </div>
        </>
      )}

      {(configFile || profiles.length > 0) && (
        <p className="muted" data-testid="settings-line">
          {configFile && <>Settings from {configFile}. </>}
          {profiles.length > 0 && <>Column mapping profiles: {profiles.map((p) => `${p.name} (${p.target})`).join(', ')}.</>}
        </p>
      )}
      <div className="toolbar" style={{ marginTop: 16 }}>
        <h2 style={{ margin: 0 }}>Loaded files ({files.length})</h2>
        <span className="grow" />
        {files.some((f) => f.origin === 'sample') && (
          <button type="button" className="btn" disabled={busy} onClick={() => void closeSamples()} data-testid="close-samples">
            {files.some((f) => f.ref?.startsWith('samples/demo/')) ? 'Close demo company' : 'Close bundled samples'}
          </button>
        )}
      </div>
      {files.length === 0 ? (
        <div className="empty-state">
          <strong>No files loaded yet.</strong>
          Press “Open files…” or drop a cost export, usage events, an invoice ledger or a price book here.
        </div>
      ) : (
        <div className="panel" style={{ padding: 0, overflowX: 'auto' }}>
          <table className="file-table" data-testid="loaded-files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Format</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col">Date range</th>
                <th scope="col">Totals per currency</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <FileRow key={f.id} f={f} busy={busy} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function NoticeCard({ notice }: { notice: DataNotice }) {
  const label = {
    duplicate: 'already loaded',
    replaced: 'restated',
    older: 'older delivery',
    overlap: 'overlap',
    removed: 'removed',
    folder: 'export folder',
    engine: 'engine',
  }[notice.kind];
  return (
    <div className={`card${notice.kind === 'overlap' ? ' warn' : ''}`} role="status" data-notice={notice.kind}>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <span>
          <span className="tag">{label}</span> {notice.text}
        </span>
        <span className="grow" />
        {notice.action === 'restart-engine' && (
          <button type="button" className="btn primary" onClick={() => void restartNow()}>
            Restart the engine
          </button>
        )}
        <button type="button" className="btn" onClick={() => dismissNotice(notice.id)} aria-label={`Dismiss: ${notice.text}`}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

function FileRow({ f, busy }: { f: LoadedFile; busy: boolean }) {
  return (
    <tr data-file={f.name} data-sha256={f.sha256}>
      <td>
        <strong>{f.name}</strong>
        {f.origin === 'sample' && (
          <>
            {' '}
            <span className="tag">sample</span>
          </>
        )}
        {f.warnings.map((w) => (
          <div key={w} className="muted">
            ⚠ {w}
          </div>
        ))}
      </td>
      <td>{KIND_LABEL[f.kind] ?? f.kind}</td>
      <td>
        <code>{f.format}</code>
      </td>
      <td className="num tabular">{formatCount(f.rows)}</td>
      {/* Usage events are instants; every other kind's period ends where the next begins. */}
      <td className="tabular">{formatRangeUtc(f.dateFrom, f.dateTo, { endExclusive: f.kind !== 'usage' })}</td>
      <td className="tabular">
        {Object.keys(f.totals).length === 0
          ? '—'
          : Object.entries(f.totals).map(([cur, cols]) => (
              <div key={cur}>
                <strong>{cur}</strong>{' '}
                {Object.entries(cols).map(([col, v]) => {
                  const money = formatMoney(v, cur === '(none)' || col === 'quantity' ? null : cur);
                  return (
                    <span key={col} className={money.negative ? 'neg' : ''} style={{ marginRight: 12 }}>
                      {col.replace(/_/g, ' ')} {col === 'quantity' ? v : money.text}
                    </span>
                  );
                })}
              </div>
            ))}
      </td>
      <td style={{ whiteSpace: 'nowrap' }}>
        <button type="button" className="btn" disabled={busy} onClick={() => void pickAndReplace(f.id, f.name)} aria-label={`Replace ${f.name}`}>
          Replace…
        </button>{' '}
        <button type="button" className="btn" disabled={busy} onClick={() => void removeFiles([f.id])} aria-label={`Remove ${f.name}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}

function LoadProgressBar() {
  const job = useApp((s) => s.job)!;
  // A clock tick each second: the stage time, the estimate and a stall move without new reports.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const v = progressView(job, Math.max(now, job.updatedAt ?? 0));
  const pct = v.fraction === null ? null : Math.round(v.fraction * 1000) / 10;
  const figures = [
    job.totalBytes !== undefined
      ? `${job.bytes !== undefined ? `${formatBytes(job.bytes)} of ` : ''}${formatBytes(job.totalBytes)}${pct !== null ? ` (${pct.toFixed(1)}%)` : ''}`
      : null,
    v.fromEngine && pct !== null ? `${pct.toFixed(1)}% of this stage (the engine’s estimate)` : null,
    job.rows !== undefined ? `${formatCount(job.rows)} rows` : null,
    job.expectedRows !== undefined ? `≈ ${formatCount(job.expectedRows)} rows in the file` : null,
    `${formatDuration(v.stageMs)} in this stage`,
    v.etaMs !== null
      ? `about ${formatDuration(v.etaMs)} left${v.etaFrom === 'earlier loads' ? ' (judged from earlier loads)' : v.etaFrom === 'engine' ? ' in this stage' : ''}`
      : null,
  ].filter(Boolean);
  return (
    <div style={{ marginTop: 10 }} data-testid="load-progress" role="status" aria-live="polite" data-state={v.stalled ? 'stalled' : 'progressing'}>
      <div className="toolbar" style={{ marginBottom: 4 }}>
        <span>
          <strong>{job.name}</strong> · {job.stage}
          {job.queue > 0 ? ` · ${job.queue} more queued` : ''}
        </span>
        <span className="grow" />
        <button type="button" className="btn" onClick={() => void cancelLoads()} data-testid="cancel-load">
          Cancel
        </button>
      </div>
      <div
        className={`progress${pct === null ? ' indeterminate' : ''}${v.stalled ? ' stalled' : ''}`}
        role="progressbar"
        aria-label={`Loading ${job.name}`}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={v.stalled ? `no progress for ${formatDuration(v.sinceProgressMs)}` : undefined}
      >
        <div style={{ width: `${pct ?? 30}%` }} />
      </div>
      <div className="muted tabular" style={{ marginTop: 4 }} data-testid="load-progress-figures">
        {figures.join(' · ')}
      </div>
      {v.stalled && (
        <div className="stall-note" data-testid="load-stalled">
          ⏸ No progress for {formatDuration(v.sinceProgressMs)} in “{job.stage}”.{' '}
          {v.fraction === null
            ? 'The engine reports nothing from inside this step, so it may still be working on a large file.'
            : 'No more bytes arrived: is the file on a disk or network drive that went away?'}{' '}
          Cancel stops it and leaves the loaded files as they were.
        </div>
      )}
      {(job.stages?.length ?? 0) > 0 && (
        <ol className="stage-list muted" aria-label="Stages done" data-testid="load-stages">
          {job.stages!.map((st, i) => (
            <li key={i}>
              ✓ {st.stage} {formatDuration(st.ms)}
            </li>
          ))}
          <li aria-current="step">▶ {job.stage}</li>
        </ol>
      )}
    </div>
  );
}

function CancelledCard({ load }: { load: FileError }) {
  return (
    <div className="card" role="status" data-file={load.name} data-cancelled="true">
      <div className="toolbar" style={{ marginBottom: 4 }}>
        <span className="title">⏹ {load.name}: load cancelled</span>
        <span className="grow" />
        <button type="button" className="btn" onClick={() => dismissError(load.id)} aria-label={`Dismiss cancelled load of ${load.name}`}>
          Dismiss
        </button>
      </div>
      <div className="muted">Nothing from this file was added; the files already loaded are unchanged. Open it again to load it.</div>
    </div>
  );
}

function ErrorCard({ error }: { error: FileError }) {
  const d = error.details;
  const [mapping, setMapping] = useState(false);
  const req = failedRequest(error.id);
  const canMap =
    !!req && d.row === 0 && /\.(csv|tsv|txt)$/i.test(error.name) && /unknown layout|known export layout/i.test(error.message + (d.expected ?? ''));
  return (
    <div className="card error" role="alert" data-file={error.name}>
      <div className="toolbar" style={{ marginBottom: 4 }}>
        <span className="title">✕ {error.name} was not loaded</span>
        <span className="grow" />
        {canMap && (
          <button type="button" className="btn primary" onClick={() => setMapping(true)} data-testid="map-columns">
            Map columns…
          </button>
        )}
        <button type="button" className="btn" onClick={() => dismissError(error.id)} aria-label={`Dismiss error for ${error.name}`}>
          Dismiss
        </button>
      </div>
      <div>{error.message}</div>
      {req && d.dateFormats && <DateFormatOffer errorId={error.id} column={d.column} formats={d.dateFormats} />}
      {(d.row !== undefined || d.column || d.expected) && (
        <div className="muted tabular" style={{ marginTop: 4 }}>
          {d.row !== undefined && <>Row {formatCount(d.row)} · </>}
          {d.column && <>Column “{d.column}” · </>}
          {d.expected && <>Expected {d.expected}</>}
        </div>
      )}
      <div className="muted" style={{ marginTop: 4 }}>
        Nothing from this file was added; the files already loaded are unchanged.{' '}
        {canMap ? 'If it is usage or ledger data in your own layout, map its columns.' : 'Fix the file and open it again.'}
      </div>
      {mapping && req && (
        <MappingDialog
          fileName={error.name}
          source={req.source}
          onCancel={() => setMapping(false)}
          onSave={(target, m, name) => {
            setMapping(false);
            void retryWithMapping(error.id, { name, target, mapping: m });
          }}
        />
      )}
    </div>
  );
}
