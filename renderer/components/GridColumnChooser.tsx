/** The grid's column chooser: show or hide each column (at least one stays), or reset the layout. */
import type { ColumnSpec } from './cell-format';
import type { GridPrefs } from './grid-columns';

export function GridColumnChooser(props: { label: string; specs: readonly ColumnSpec[]; prefs: GridPrefs; onChange: (p: GridPrefs) => void }) {
  const { specs, prefs, onChange } = props;
  const shown = specs.filter((c) => !prefs.hidden.includes(c.key)).length;
  const toggle = (key: string, show: boolean) =>
    onChange({ ...prefs, hidden: show ? prefs.hidden.filter((k) => k !== key) : [...prefs.hidden, key] });
  const customised = prefs.hidden.length > 0 || Object.keys(prefs.widths).length > 0;
  return (
    <details className="grid-menu">
      <summary aria-label={`Columns of ${props.label}`}>Columns{prefs.hidden.length ? ` (${prefs.hidden.length} hidden)` : ''}</summary>
      <div className="grid-menu-panel" role="group" aria-label={`Columns shown in ${props.label}`}>
        {specs.map((c) => {
          const on = !prefs.hidden.includes(c.key);
          return (
            <label key={c.key}>
              <input type="checkbox" checked={on} disabled={on && shown === 1} onChange={(e) => toggle(c.key, e.target.checked)} /> {c.label}
            </label>
          );
        })}
        <button type="button" className="btn" disabled={!customised} onClick={() => onChange({ hidden: [], widths: {} })}>
          Reset columns
        </button>
      </div>
    </details>
  );
}
