/**
 * The Data screen's engine setting: in-app DuckDB-wasm (the default) or the native engine of this
 * computer when the host runs one; switching restarts the app on the other engine. Shows the
 * offer for files too large for wasm.
 */
import { useSyncExternalStore } from 'react';
import { useApp } from '../../app/store';
import { ENGINE_LABEL, engineOffer, nativeAvailable, switchEngine, type EngineKind } from '../../engine/engine-choice';

export function EngineChoice() {
  const holder = useApp((s) => s.engineStatus.holder ?? 'wasm');
  const offer = useSyncExternalStore(engineOffer.subscribe, engineOffer.get);
  const native = nativeAvailable();
  return (
    <div className="engine-choice" data-testid="engine-choice" style={{ marginTop: 12 }}>
      <label>
        Engine{' '}
        <select aria-label="Engine" value={holder} onChange={(e) => switchEngine(e.target.value as EngineKind)}>
          <option value="wasm">{ENGINE_LABEL.wasm}</option>
          <option value="native" disabled={!native}>
            {ENGINE_LABEL.native}
            {native ? '' : ' — not offered by this host'}
          </option>
        </select>
      </label>{' '}
      <span className="muted">Switching restarts the app on the other engine; open your files again there.</span>
      {offer && (
        <p role="alert" data-testid="engine-offer">
          {offer}{' '}
          <button type="button" onClick={() => switchEngine('native')}>
            Use the native engine
          </button>
        </p>
      )}
    </div>
  );
}
