/**
 * Which engine holds the workspace: DuckDB-wasm in a worker (the default) or the native engine of
 * the host (the local server of the browser fallback, announced by the token in the page; the
 * Electron utility process). The analyst's choice is kept in localStorage and applies at start;
 * a file larger than the wasm heap holds is offered the native engine.
 */
import { ENGINE_TOKEN_META } from '../../src/host/engine-channel';
import { electronNativeEngine } from './electron-engine-port';

export type EngineKind = 'wasm' | 'native';

const KEY = 'finops-workbench.engine';
/** Above this a file is offered the native engine: DuckDB-wasm works in a 4 GB heap capped at 3 GB. */
export const WASM_FILE_LIMIT = 2 * 2 ** 30;

export const ENGINE_LABEL: Record<EngineKind, string> = {
  wasm: 'in-app (DuckDB-wasm)',
  native: 'native (this computer)',
};

/** The loopback channel's token when the page was served with the native engine beside it, else null. */
export function nativeChannelToken(doc: Document = document): string | null {
  return doc.querySelector<HTMLMetaElement>(`meta[name="${ENGINE_TOKEN_META}"]`)?.content || null;
}

export function nativeAvailable(): boolean {
  return electronNativeEngine || nativeChannelToken() !== null;
}

/** The engine to start: the saved choice when it is available, else wasm. */
export function chosenEngine(storage: Storage = localStorage): EngineKind {
  return storage.getItem(KEY) === 'native' && nativeAvailable() ? 'native' : 'wasm';
}

/** Saves the choice and restarts the app on it (the workspace lives in the engine: it is read again). */
export function switchEngine(kind: EngineKind, storage: Storage = localStorage): void {
  storage.setItem(KEY, kind);
  location.reload();
}

type Listener = () => void;
let offer: string | null = null;
const listeners = new Set<Listener>();

/** A line offering the native engine for files too large for wasm (null when none). */
export const engineOffer = {
  get: () => offer,
  subscribe(l: Listener) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};

/** Offers the native engine when, on wasm, a file is beyond what the wasm heap holds. */
export function offerNativeFor(files: readonly { name: string; size: number }[]): void {
  if (chosenEngine() !== 'wasm' || !nativeAvailable()) return;
  const big = files.filter((f) => f.size > WASM_FILE_LIMIT);
  if (!big.length) return;
  const gb = (n: number) => (n / 2 ** 30).toFixed(1);
  offer = `${big.map((f) => `${f.name} (${gb(f.size)} GB)`).join(', ')} ${big.length > 1 ? 'are' : 'is'} more than the in-app engine holds (${gb(WASM_FILE_LIMIT)} GB): switch to the native engine and open ${big.length > 1 ? 'them' : 'it'} again.`;
  for (const l of listeners) l();
}
