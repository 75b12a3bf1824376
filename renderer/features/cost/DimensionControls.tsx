/**
 * Dimension choosers for the cost explorer: a select over tag keys and cost columns, and the
 * include/exclude filter editor with the dimension's values (lines without a value as "(untagged)"/"(none)").
 */
import { useState } from 'react';
import type { Engine } from '../../../src/engine/engine';
import { useNamedQuery } from '../../lib/use-query';
import { formatCount } from '../../lib/format-money';
import {
  GROUPABLE_COLUMNS,
  dimensionKey,
  dimensionLabel,
  dimensionValues,
  noValueLabel,
  parseDimensionKey,
  type Dimension,
  type DimensionFilter,
} from '../../../src/queries/cost/dimensions';

export function DimensionSelect(props: {
  label: string;
  value: Dimension | null;
  tagKeys: string[];
  onChange: (d: Dimension | null) => void;
  allowNone?: boolean;
}) {
  return (
    <select
      aria-label={props.label}
      value={props.value ? dimensionKey(props.value) : ''}
      onChange={(e) => props.onChange(parseDimensionKey(e.target.value))}
    >
      {props.allowNone && <option value="">(none)</option>}
      <optgroup label="Tags">
        {props.tagKeys.map((k) => (
          <option key={k} value={dimensionKey({ kind: 'tag', key: k })}>
            tag {k}
          </option>
        ))}
      </optgroup>
      <optgroup label="Cost columns">
        {GROUPABLE_COLUMNS.map((c) => (
          <option key={c} value={dimensionKey({ kind: 'column', name: c })}>
            {c}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

export function valueLabel(d: Dimension, v: string | null): string {
  return v === null ? noValueLabel(d) : v;
}

export function filterText(f: DimensionFilter): string {
  return `${dimensionLabel(f.dimension)} ${f.mode === 'include' ? 'is' : 'is not'} ${f.values.map((v) => valueLabel(f.dimension, v)).join(', ')}`;
}

/** A new filter: pick a dimension, include or exclude, tick values, Apply. */
export function FilterEditor({
  engine,
  version,
  tagKeys,
  onApply,
  onCancel,
}: {
  engine: Engine;
  version: number;
  tagKeys: string[];
  onApply: (f: DimensionFilter) => void;
  onCancel: () => void;
}) {
  const [dimension, setDimension] = useState<Dimension>(tagKeys[0] ? { kind: 'tag', key: tagKeys[0] } : { kind: 'column', name: 'ServiceName' });
  const [mode, setMode] = useState<'include' | 'exclude'>('include');
  const [picked, setPicked] = useState<(string | null)[]>([]);
  const [search, setSearch] = useState('');
  const values = useNamedQuery(engine, dimensionValues(dimension), version);
  const shown = (values.rows ?? []).filter((r) => valueLabel(dimension, r.value).toLowerCase().includes(search.toLowerCase()));
  const toggle = (v: string | null) => setPicked((p) => (p.includes(v) ? p.filter((x) => x !== v) : [...p, v]));
  return (
    <div className="panel filter-editor" role="dialog" aria-label="Add a filter" data-testid="filter-editor">
      <div className="toolbar">
        <DimensionSelect
          label="Filter dimension"
          value={dimension}
          tagKeys={tagKeys}
          onChange={(d) => {
            if (d) setDimension(d);
            setPicked([]);
          }}
        />
        <select aria-label="Filter mode" value={mode} onChange={(e) => setMode(e.target.value as 'include' | 'exclude')}>
          <option value="include">is (include)</option>
          <option value="exclude">is not (exclude)</option>
        </select>
        <input type="search" aria-label="Find a value" placeholder="Find a value" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <ul className="filter-values" aria-label="Values">
        {shown.map((r) => (
          <li key={String(r.value)}>
            <label>
              <input type="checkbox" checked={picked.includes(r.value)} onChange={() => toggle(r.value)} /> {valueLabel(dimension, r.value)}{' '}
              <span className="muted">({formatCount(r.lines)} lines)</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="toolbar">
        <button type="button" className="btn primary" disabled={picked.length === 0} onClick={() => onApply({ dimension, mode, values: picked })}>
          Apply filter
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
