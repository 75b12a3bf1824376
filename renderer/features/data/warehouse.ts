/**
 * The Data screen's warehouse source: its settings (host or chDB folder, database, user, table
 * mappings) live in the store, the workspace and the autosave, never with a password. Loading asks
 * the host's native engine to push the heavy part down (src/warehouse via the engine channel's
 * `warehouseLoad`); the run then goes on with `usageStaged`, as the CLI's `--source` does. The
 * password goes to the host only: its memory for this session, or the OS keychain in Electron.
 * A restored workspace whose data came from the warehouse reloads it (restoreFromWarehouse).
 */
import { getState, setState } from '../../app/store';
import { getHostBridge } from '../../host/bridge';
import { exclusive } from '../../engine/exclusive';
import { scheduleAnalyses } from '../../analysis/run-analyses';
import type { RemoteEngine } from '../../../src/engine-host/remote-engine';
import { describeSource } from '../../../src/warehouse/settings';
import { sourceOf, type WarehouseForm } from './warehouse-form';

const AUTOSAVE = 'warehouse.json';

/** Keeps the settings (no password) for the next start; workspaces carry them too (workspace.ts). */
export function setWarehouseForm(form: WarehouseForm): void {
  setState({ warehouse: form });
  void getHostBridge()
    .autosave.writeAtomic(AUTOSAVE, JSON.stringify(form))
    .catch(() => undefined);
}

/** The autosaved settings, read once at start. */
export async function restoreWarehouseForm(): Promise<void> {
  const text = await getHostBridge()
    .autosave.read(AUTOSAVE)
    .catch(() => null);
  if (!text) return;
  try {
    const saved = JSON.parse(text) as Partial<WarehouseForm>;
    setState((s) => ({ warehouse: { ...s.warehouse, ...saved, tables: { ...s.warehouse.tables, ...saved.tables } } }));
  } catch {
    // An unreadable autosave keeps the defaults.
  }
}

export const isRemote = (e: unknown): e is RemoteEngine => !!e && typeof (e as RemoteEngine).loadWarehouse === 'function';

/**
 * Pushes the analysis down to the warehouse the form names and re-runs the analyses on what came
 * back. `password`: typed now ('' = the one the host holds, or the keychain's); `remember` keeps it
 * in the OS keychain (Electron).
 */
export async function loadFromWarehouse(form: WarehouseForm, password: string, remember: boolean): Promise<void> {
  const engine = getState().engine;
  if (!isRemote(engine)) throw new Error('Warehouse: a warehouse source needs the native engine: switch to it above');
  const source = sourceOf(form);
  const key = describeSource(source);
  const keychain = getHostBridge().keychain;
  let secret: string | null = password || null;
  if (secret && remember && keychain) await keychain.store(key, secret);
  if (!secret && keychain) secret = await keychain.read(key);
  if (secret) await engine.setWarehousePassword(key, secret);
  const cfg = getState().billingConfig;
  setState({ job: { name: key, stage: 'aggregating in the warehouse', queue: 0, startedAt: Date.now() } });
  try {
    const reply = await exclusive(() =>
      engine.loadWarehouse(source, {
        period: cfg.period,
        suspectedDuplicateWindowSeconds: cfg.suspectedDuplicateWindowSeconds,
        skuAliases: cfg.skuAliases,
        costTags: cfg.costTags,
      }),
    );
    setState((s) => ({ warehouseLoad: { ...reply, settings: source }, warehouseRestore: null, dataVersion: s.dataVersion + 1 }));
  } finally {
    setState({ job: null });
  }
  scheduleAnalyses();
}

const KEPT = 'The review decisions are kept.';

/**
 * A workspace whose data came from the warehouse gets it back from there: the pushdown again, with
 * the keychain's password or the one the host holds; without either (a ClickHouse server), the
 * panel asks for it. Never throws: what went wrong is the panel's message, the app stays usable.
 */
export async function restoreFromWarehouse(form: WarehouseForm): Promise<void> {
  let key = 'the warehouse';
  try {
    const source = sourceOf(form);
    key = describeSource(source);
    const engine = getState().engine;
    if (!isRemote(engine)) {
      setState({
        warehouseRestore: {
          status: 'failed',
          message: `This workspace's data comes from ${key}: switch to the native engine, then Load from warehouse. ${KEPT}`,
        },
      });
      return;
    }
    if (source.kind === 'clickhouse') {
      const stored = await getHostBridge().keychain?.read(key);
      if (stored) await engine.setWarehousePassword(key, stored);
      else if (!(await engine.warehouseHasPassword(key))) {
        setState({
          warehouseRestore: {
            status: 'password',
            message: `This workspace's data comes from ${key}: type its password and Load from warehouse to reload it. ${KEPT}`,
          },
        });
        return;
      }
    }
    setState({ warehouseRestore: { status: 'loading', message: `Reloading this workspace's data from ${key}…` } });
    await loadFromWarehouse(form, '', false);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0].replace(`${key}: `, '');
    setState({
      warehouseRestore: {
        status: 'failed',
        message: `This workspace's data could not be reloaded from ${key}: ${why}. Check the settings and Load from warehouse again. ${KEPT}`,
      },
    });
  }
}
