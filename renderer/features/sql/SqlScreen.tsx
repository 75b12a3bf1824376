/**
 * SQL console over the loaded tables. Read-only by default: the query runs only as a subquery of
 * the grid's SELECT, which DuckDB rejects for anything but a query; a statement that changes data
 * is refused by name and an error quotes the analyst's own text. DECIMAL columns show the decimals
 * their values need (the same down a column). "Allow changes" runs the text as statements and
 * refreshes every screen.
 */
import { useState } from 'react';
import { DataGrid } from '../../components/DataGrid';
import { columnsFromDescribe, type ColumnSpec } from '../../components/cell-format';
import { formatCount } from '../../lib/format-money';
import { useNamedQuery } from '../../lib/use-query';
import { setState, useApp } from '../../app/store';
import { scheduleAnalyses } from '../../analysis/run-analyses';
import { exclusive } from '../../engine/exclusive';
import { consoleTables } from '../../../src/queries/sql/tables';
import { consoleQuery, consoleStatement, engineRefusal, readOnlyRefusal } from '../../../src/queries/sql/console';
import { consoleColumns } from './console-columns';

const EXAMPLE = `SELECT ServiceName, BillingCurrency, sum(BilledCost) AS billed_cost, count(*) AS lines
FROM cost_lines GROUP BY ALL ORDER BY billed_cost DESC`;

export function SqlScreen() {
  const engine = useApp((s) => s.engine);
  const version = useApp((s) => s.dataVersion);
  const [text, setText] = useState(EXAMPLE);
  const [ran, setRan] = useState<{ sql: string; n: number; columns: ColumnSpec[] } | null>(null);
  const [writable, setWritable] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const tables = useNamedQuery(engine, consoleTables(), version);

  const run = async () => {
    setMessage(null);
    const sql = consoleStatement(text);
    if (!sql || !engine) return;
    if (!writable) {
      const refusal = readOnlyRefusal(sql);
      const checked = refusal ? { error: refusal } : await consoleColumns(engine, sql);
      if ('error' in checked) {
        setRan(null);
        setMessage({ ok: false, text: checked.error });
        return;
      }
      setRan((r) => ({ sql, n: (r?.n ?? 0) + 1, columns: columnsFromDescribe(checked.describe) }));
      return;
    }
    try {
      await exclusive(() => engine.exec(sql));
      setMessage({ ok: true, text: 'Statement ran. Screens were refreshed.' });
      setState((s) => ({ dataVersion: s.dataVersion + 1 }));
      scheduleAnalyses();
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      setMessage({ ok: false, text: engineRefusal(text) ?? text });
    }
  };

  if (!engine) return <p className="muted">The engine is starting…</p>;
  return (
    <>
      <h1>SQL console</h1>
      <p className="subtitle">DuckDB SQL over the loaded tables. Read-only unless you allow changes. Ctrl+Enter runs the query.</p>
      <div className="split" style={{ gridTemplateColumns: 'minmax(0, 1fr) max-content' }}>
        <div>
          <label htmlFor="sql-text" className="visually-hidden">
            SQL query
          </label>
          <textarea
            id="sql-text"
            className="sql"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void run();
              }
            }}
          />
          <div className="toolbar">
            <button type="button" className="btn primary" onClick={() => void run()} data-testid="sql-run">
              Run
            </button>
            <label>
              <input type="checkbox" checked={writable} onChange={(e) => setWritable(e.target.checked)} /> Allow changes (INSERT, UPDATE, CREATE…)
            </label>
          </div>
          {message && (
            <div
              className={`card ${message.ok ? '' : 'error'}`}
              role={message.ok ? 'status' : 'alert'}
              data-testid="sql-message"
              style={{ whiteSpace: 'pre-wrap', fontFamily: message.ok ? undefined : "ui-monospace, 'DejaVu Sans Mono', monospace" }}
            >
              {message.text}
            </div>
          )}
          {ran && !writable && (
            <DataGrid
              key={ran.n}
              engine={engine}
              query={consoleQuery(ran.sql)}
              columns={ran.columns}
              label="Query results"
              version={version}
              height={'calc(100vh - 330px)'}
              emptyText="The query returned no rows."
              testId="sql-grid"
            />
          )}
          {!ran && !message && (
            <div className="empty-state">
              <strong>Write a query and press Run.</strong>
              Tables: cost_lines, usage_events, invoice_lines, price_book, cost_tags.
            </div>
          )}
        </div>
        <aside className="panel" aria-label="Tables">
          <h2 style={{ marginTop: 0 }}>Tables</h2>
          <table className="file-table">
            <tbody>
              {tables.rows?.map((t) => (
                <tr key={t.name}>
                  <td>
                    <button type="button" className="btn" style={{ padding: '0 6px' }} onClick={() => setText(`SELECT * FROM ${t.name}`)}>
                      {t.name}
                    </button>
                  </td>
                  <td className="num tabular">{formatCount(Number(t.rows))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </aside>
      </div>
    </>
  );
}
