/**
 * Column mapping for a CSV no importer recognised: the analyst says which column holds each
 * canonical field (usage events or ledger lines); the mapping is saved as a named profile in the
 * settings (usage_csv_mapping / ledger_csv_mapping, kept in the workspace) and the file is loaded
 * again with it.
 */
import { useEffect, useState } from 'react';
import type { FileSource } from '../../../src/engine/engine';

type Target = 'usage' | 'ledger';

const FIELDS: Record<Target, { key: string; label: string; required: boolean; guess: RegExp }[]> = {
  usage: [
    { key: 'event_id', label: 'Event id', required: true, guess: /^(event_?)?id$|event.?id|transaction/i },
    { key: 'customer_id', label: 'Customer', required: true, guess: /customer|account|tenant|subscriber|subject/i },
    { key: 'sku', label: 'SKU / meter', required: true, guess: /sku|meter|metric|product|type/i },
    { key: 'ts', label: 'Time (UTC)', required: true, guess: /^ts$|time|date/i },
    { key: 'quantity', label: 'Quantity (empty = 1 per event)', required: false, guess: /qty|quantity|units|value|count|amount/i },
    { key: 'source', label: 'Source', required: false, guess: /^source$/i },
    { key: 'ingested_at', label: 'Received at', required: false, guess: /ingest|received|created/i },
  ],
  ledger: [
    { key: 'customer_id', label: 'Customer', required: true, guess: /customer|account|client/i },
    { key: 'sku', label: 'SKU / item', required: true, guess: /sku|item|product|plan|code/i },
    { key: 'amount', label: 'Amount', required: true, guess: /amount|total|price|net/i },
    { key: 'currency', label: 'Currency', required: false, guess: /currency|ccy/i },
    { key: 'invoice_id', label: 'Invoice id', required: false, guess: /invoice/i },
    { key: 'line_id', label: 'Line id', required: false, guess: /line/i },
    { key: 'period_start', label: 'Period start', required: false, guess: /start|from/i },
    { key: 'period_end', label: 'Period end', required: false, guess: /end|to$/i },
    { key: 'quantity', label: 'Quantity', required: false, guess: /qty|quantity|units/i },
    { key: 'unit_price', label: 'Unit price', required: false, guess: /unit/i },
  ],
};

/** First line of a CSV as column names (quotes handled, BOM dropped). */
export function csvHeader(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') q = !q;
    else if (ch === ',' && !q) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter((h) => h !== '');
}

function guess(target: Target, headers: string[]): Record<string, string> {
  const used = new Set<string>();
  const m: Record<string, string> = {};
  for (const f of FIELDS[target]) {
    const h = headers.find((x) => !used.has(x) && f.guess.test(x));
    if (h) {
      m[f.key] = h;
      used.add(h);
    }
  }
  return m;
}

export function MappingDialog(props: {
  fileName: string;
  source: FileSource;
  onCancel: () => void;
  onSave: (target: Target, mapping: Record<string, string>, profile: string) => void;
}) {
  const [headers, setHeaders] = useState<string[] | null>(null);
  const [target, setTarget] = useState<Target>('usage');
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [profile, setProfile] = useState(props.fileName.replace(/\.[^.]+$/, ''));
  const [defaultCurrency, setDefaultCurrency] = useState('');

  useEffect(() => {
    const s = props.source;
    const blob = s.kind === 'blob' ? s.blob : s.kind === 'buffer' ? new Blob([s.data as BlobPart]) : null;
    if (!blob) return;
    void blob
      .slice(0, 64 * 1024)
      .text()
      .then((t) => {
        const h = csvHeader(t);
        setHeaders(h);
        setMapping(guess('usage', h));
      });
  }, [props.source]);

  const fields = FIELDS[target];
  const missing = fields.filter((f) => f.required && !mapping[f.key]);
  const needsCurrency = target === 'ledger' && !mapping.currency && !/^[A-Z]{3}$/.test(defaultCurrency);
  return (
    <div className="dialog-backdrop" role="presentation">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={`Map the columns of ${props.fileName}`}
        onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
        onSubmit={(e) => {
          e.preventDefault();
          const m = { ...mapping };
          if (target === 'ledger' && !m.currency) m.default_currency = defaultCurrency;
          props.onSave(target, m, profile.trim() || props.fileName);
        }}
      >
        <h2 style={{ marginTop: 0 }}>Map the columns of {props.fileName}</h2>
        {!headers ? (
          <p className="muted">Reading the header…</p>
        ) : (
          <>
            <p className="muted">
              The file has {headers.length} columns. Choose what it holds and which column is which; the mapping is saved as a profile and used for
              files with the same columns.
            </p>
            <div className="toolbar" role="radiogroup" aria-label="What the file holds">
              {(['usage', 'ledger'] as Target[]).map((t) => (
                <label key={t}>
                  <input
                    type="radio"
                    name="target"
                    checked={target === t}
                    onChange={() => {
                      setTarget(t);
                      setMapping(guess(t, headers));
                    }}
                  />{' '}
                  {t === 'usage' ? 'Usage events' : 'Invoice / ledger lines'}
                </label>
              ))}
            </div>
            <table className="file-table">
              <tbody>
                {fields.map((f) => (
                  <tr key={f.key}>
                    <th scope="row" style={{ fontWeight: 500 }}>
                      <label htmlFor={`map-${f.key}`}>
                        {f.label}
                        {f.required ? ' *' : ''}
                      </label>
                    </th>
                    <td>
                      <select
                        id={`map-${f.key}`}
                        value={mapping[f.key] ?? ''}
                        onChange={(e) => setMapping((m) => ({ ...m, [f.key]: e.target.value }))}
                      >
                        <option value="">{f.required ? '— choose a column —' : '(not in this file)'}</option>
                        {headers.map((h) => (
                          <option key={h} value={h}>
                            {h}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
                {target === 'ledger' && !mapping.currency && (
                  <tr>
                    <th scope="row" style={{ fontWeight: 500 }}>
                      <label htmlFor="map-default-currency">Currency of every line *</label>
                    </th>
                    <td>
                      <input
                        id="map-default-currency"
                        value={defaultCurrency}
                        onChange={(e) => setDefaultCurrency(e.target.value.toUpperCase())}
                        placeholder="USD"
                      />
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            <label style={{ display: 'block', marginTop: 10 }}>
              Profile name <input value={profile} onChange={(e) => setProfile(e.target.value)} />
            </label>
          </>
        )}
        <div className="toolbar" style={{ marginTop: 12 }}>
          {missing.length > 0 && <span className="muted">Still needed: {missing.map((f) => f.label).join(', ')}</span>}
          <span className="grow" />
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={!headers || missing.length > 0 || needsCurrency}>
            Save profile and load
          </button>
        </div>
      </form>
    </div>
  );
}
