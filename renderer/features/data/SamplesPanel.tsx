/** The bundled samples not loaded yet (real provider exports, FOCUS correction examples), openable on demand. */
import { useApp } from '../../app/store';
import { bundledSamples, openSamples } from './samples';

export function SamplesPanel() {
  const refs = useApp((s) => s.files.map((f) => f.ref).join('\n'));
  const open = new Set(refs.split('\n'));
  const rest = bundledSamples().filter((s) => !open.has(s.path));
  if (rest.length === 0) return null;
  const groups = new Map<string, typeof rest>();
  for (const s of rest) {
    const dir = s.path.split('/').slice(1, -1).join('/');
    groups.set(dir, [...(groups.get(dir) ?? []), s]);
  }
  return (
    <details className="panel" style={{ marginTop: 12 }} data-testid="more-samples">
      <summary>More bundled samples ({rest.length}) — real provider exports and FOCUS worked examples, not opened at start</summary>
      {[...groups].map(([dir, list]) => (
        <div key={dir} style={{ marginTop: 8 }}>
          <div className="toolbar" style={{ marginBottom: 4 }}>
            <strong>{dir}</strong>
            <button type="button" className="btn" onClick={() => void openSamples(list.map((s) => s.path))}>
              Open all {list.length}
            </button>
          </div>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
            {list.map((s) => (
              <button key={s.path} type="button" className="btn" onClick={() => void openSamples([s.path])} title={s.path}>
                {s.name}
              </button>
            ))}
          </div>
        </div>
      ))}
    </details>
  );
}
