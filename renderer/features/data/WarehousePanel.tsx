/**
 * The Data screen's Warehouse panel: a ClickHouse server (or a chDB folder on this computer), its
 * database, user and table mappings, kept in the workspace; the password is typed here and goes to
 * the host only (the OS keychain in the desktop app when asked to remember it, else the local
 * server's memory for this session). The pushdown runs in the host's native engine.
 */
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { getHostBridge } from '../../host/bridge';
import { switchEngine } from '../../engine/engine-choice';
import { WAREHOUSE_TABLES, type WarehouseTable } from '../../../src/warehouse/settings';
import { loadFromWarehouse, restoreWarehouseForm, setWarehouseForm } from './warehouse';
import type { WarehouseForm } from './warehouse-form';

const TABLE_LABEL: Record<WarehouseTable, string> = {
  usage_events: 'Usage events table',
  invoice_lines: 'Invoice lines table',
  cost_lines: 'Cost lines table',
  cost_tags: 'Cost tags table',
  price_book: 'Price book table',
};

let restored = false;

export function WarehousePanel() {
  const form = useApp((s) => s.warehouse);
  const loaded = useApp((s) => s.warehouseLoad);
  const native = useApp((s) => s.engineStatus.holder === 'native');
  const busy = useApp((s) => s.job !== null);
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const restore = useApp((s) => s.warehouseRestore);
  const panel = useRef<HTMLDetailsElement>(null);
  const keychain = getHostBridge().keychain !== null;
  // A restored workspace that needs the password or cannot reach its warehouse opens the panel.
  useEffect(() => {
    if (restore && restore.status !== 'loading' && panel.current) panel.current.open = true;
  }, [restore]);
  useEffect(() => {
    if (!restored) void restoreWarehouseForm();
    restored = true;
  }, []);
  const set = (patch: Partial<WarehouseForm>) => setWarehouseForm({ ...form, ...patch });
  const load = async () => {
    setError(null);
    setRunning(true);
    try {
      await loadFromWarehouse(form, password, remember);
    } catch (e) {
      setError((e instanceof Error ? e.message : String(e)).split('\n')[0]);
    } finally {
      setPassword('');
      setRunning(false);
    }
  };
  const moved = loaded ? Object.values(loaded.rowsMoved).reduce((a, b) => a + b, 0) : 0;
  return (
    <>
      {restore && (
        <div
          role={restore.status === 'loading' ? 'status' : 'alert'}
          className={restore.status === 'loading' ? 'muted' : restore.status === 'password' ? 'card warn' : 'card error'}
          data-testid="warehouse-restore"
          data-status={restore.status}
          style={{ marginTop: 12 }}
        >
          {restore.message}
        </div>
      )}
      <details ref={panel} className="panel" style={{ marginTop: 12 }} data-testid="warehouse-panel">
        <summary>Warehouse — run the heavy part where the data lives (ClickHouse)</summary>
        {!native && (
          <p role="note" data-testid="warehouse-needs-native">
            A warehouse source runs in the native engine of this computer.{' '}
            <button type="button" className="btn" onClick={() => switchEngine('native')}>
              Use the native engine
            </button>
          </p>
        )}
        <div className="form-grid" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 8px', marginTop: 8 }}>
          <label htmlFor="wh-kind">Source</label>
          <select id="wh-kind" value={form.kind} onChange={(e) => set({ kind: e.target.value as WarehouseForm['kind'] })}>
            <option value="clickhouse">ClickHouse server</option>
            <option value="chdb">chDB folder on this computer</option>
          </select>
          {form.kind === 'clickhouse' ? (
            <>
              <label htmlFor="wh-url">Host URL</label>
              <input id="wh-url" value={form.url} placeholder="https://clickhouse.example.com:8443" onChange={(e) => set({ url: e.target.value })} />
            </>
          ) : (
            <>
              <label htmlFor="wh-path">chDB path</label>
              <input id="wh-path" value={form.path} placeholder="/data/clickhouse" onChange={(e) => set({ path: e.target.value })} />
            </>
          )}
          <label htmlFor="wh-db">Database</label>
          <input id="wh-db" value={form.database} onChange={(e) => set({ database: e.target.value })} />
          <label htmlFor="wh-user">User</label>
          <input id="wh-user" value={form.user} onChange={(e) => set({ user: e.target.value })} />
          <label htmlFor="wh-password">Password</label>
          <span>
            <input id="wh-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />{' '}
            {keychain ? (
              <label>
                <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember in the OS keychain
              </label>
            ) : (
              <span className="muted">Kept by the local server for this session only; never saved.</span>
            )}
          </span>
          {WAREHOUSE_TABLES.map((t) => (
            <WarehouseTableField key={t} table={t} value={form.tables[t]} onChange={(v) => set({ tables: { ...form.tables, [t]: v } })} />
          ))}
        </div>
        <div className="toolbar" style={{ marginTop: 8 }}>
          <button type="button" className="btn primary" disabled={!native || busy || running} onClick={() => void load()}>
            Load from warehouse
          </button>
          {loaded && (
            <span data-testid="warehouse-loaded">
              Loaded from {loaded.source}: {moved} rows ({loaded.bytesMoved} bytes) moved in {loaded.ms} ms
            </span>
          )}
        </div>
        {error && (
          <p role="alert" className="error-text" data-testid="warehouse-error">
            {error}
          </p>
        )}
      </details>
    </>
  );
}

function WarehouseTableField({ table, value, onChange }: { table: WarehouseTable; value: string; onChange(v: string): void }) {
  return (
    <>
      <label htmlFor={`wh-${table}`}>{TABLE_LABEL[table]}</label>
      <input id={`wh-${table}`} value={value} placeholder="(none in the warehouse)" onChange={(e) => onChange(e.target.value)} />
    </>
  );
}
