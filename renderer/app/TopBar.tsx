import { useEffect } from 'react';
import { useNamedQuery } from '../lib/use-query';
import { currencyChoices, fxCurrencyChoices, periodChoices } from '../../src/queries/pickers/choices';
import { formatCount } from '../lib/format-money';
import { isKnownCurrency } from '../../src/model/money';
import { scheduleAnalyses } from '../analysis/run-analyses';
import { getState, setPeriod, setState, useApp } from './store';
import { getHostBridge } from '../host/bridge';

/** Applies the theme and has the host remember it (settings.json in Electron, localStorage in a browser). */
function chooseTheme(theme: 'light' | 'dark'): void {
  setState({ theme });
  void getHostBridge()
    .setTheme(theme)
    .catch(() => undefined);
}

/** Margin in one currency: a run converts to it unless the last run already did (native figures are always there). */
function chooseReportingCurrency(c: string): void {
  setState({ reportingCurrency: c });
  if (c && getState().analysis?.reporting?.currency !== c) scheduleAnalyses();
}

/** Period and currency pickers (from the loaded data), theme switch and engine status. */
export function TopBar() {
  const engine = useApp((s) => s.engine);
  const version = useApp((s) => s.dataVersion);
  const period = useApp((s) => s.period);
  const currency = useApp((s) => s.currency);
  const theme = useApp((s) => s.theme);
  const es = useApp((s) => s.engineStatus);
  const periods = useNamedQuery(engine, periodChoices(), version);
  const currencies = useNamedQuery(engine, currencyChoices(), version);
  const fxCurrencies = useNamedQuery(engine, fxCurrencyChoices(), version);
  const reportingCurrency = useApp((s) => s.reportingCurrency);
  const fxList = (fxCurrencies.rows ?? []).map((r) => r.c).filter(isKnownCurrency);
  const curList = currencies.rows?.map((r) => r.c) ?? [];
  const curKey = curList.join(',');
  useEffect(() => {
    const list = curKey ? curKey.split(',') : [];
    if (list.length && !list.includes(currency)) setState({ currency: list.includes('USD') ? 'USD' : list[0] });
  }, [curKey, currency]);
  const pct = es.totalBytes ? Math.min(100, (es.loadedBytes / es.totalBytes) * 100) : 0;
  return (
    <header className="topbar">
      <span className="brand">FinOps Workbench</span>
      <label>
        Period
        <select aria-label="Period" value={period} onChange={(e) => setPeriod(e.target.value)}>
          <option value="all">All periods</option>
          {periods.rows?.map((r) => (
            <option key={r.p} value={r.p}>
              {r.p} (UTC)
            </option>
          ))}
        </select>
      </label>
      <label>
        Currency
        <select aria-label="Currency" value={currency} onChange={(e) => setState({ currency: e.target.value })} disabled={!curList.length}>
          {!curList.length && <option value="">—</option>}
          {curList.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label
        title={
          fxList.length
            ? 'Margin and Overview converted with the loaded FX rates'
            : 'Load an FX rates file (date,from,to,rate or the ECB layout) to convert'
        }
      >
        Report in
        <select
          aria-label="Reporting currency"
          value={fxList.includes(reportingCurrency) ? reportingCurrency : ''}
          onChange={(e) => chooseReportingCurrency(e.target.value)}
          disabled={!fxList.length}
        >
          <option value="">Native currencies</option>
          {fxList.map((c) => (
            <option key={c} value={c}>
              {c} (converted)
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      <div className="engine-status" role="status" aria-live="polite" data-testid="engine-status">
        {es.status === 'starting' && (
          <>
            <span>
              {es.stage}
              {es.totalBytes ? ` ${formatCount(Math.round(es.loadedBytes / 1e6))} / ${formatCount(Math.round(es.totalBytes / 1e6))} MB` : ''}
            </span>
            <div className={`progress bar${es.stage.startsWith('Compiling') || !es.totalBytes ? ' indeterminate' : ''}`}>
              <div style={{ width: `${pct}%` }} />
            </div>
          </>
        )}
        {es.status === 'ready' && (
          <span data-engine-holder={es.holder ?? 'wasm'}>
            ● Engine ready ({es.holder === 'native' ? 'native DuckDB on this computer' : 'DuckDB in a worker'})
          </span>
        )}
        {es.status === 'failed' && (
          <span className="error-text">
            ✕ {es.stage}: {es.error}
          </span>
        )}
      </div>
      <button
        type="button"
        className="btn"
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        onClick={() => chooseTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? '☀ Light' : '☾ Dark'}
      </button>
    </header>
  );
}
