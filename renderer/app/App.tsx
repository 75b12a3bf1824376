import { useEffect, type KeyboardEvent } from 'react';
import { SCREENS } from './screens';
import { setState, useApp } from './store';
import { TopBar } from './TopBar';

/** Shell: top bar, keyboard-navigable screen list, the current screen. */
export function App() {
  const screen = useApp((s) => s.screen);
  const theme = useApp((s) => s.theme);
  // Failures only: a cancelled load is the user's choice, not an error to flag.
  const errors = useApp((s) => s.errors.filter((e) => !e.cancelled).length);
  const files = useApp((s) => s.files.length);
  // A restored workspace whose warehouse data waits for a password or its warehouse (the Data screen says which).
  const warehouse = useApp((s) => (s.warehouseRestore && s.warehouseRestore.status !== 'loading' ? s.warehouseRestore.message : null));
  const busy = useApp((s) => s.job !== null);
  const engineStatus = useApp((s) => s.engineStatus.status);
  const startupDone = useApp((s) => s.startupDone);
  const analysis = useApp((s) => (s.analysisRunning ? 'running' : s.analysis ? 'done' : 'none'));
  const runs = useApp((s) => s.analysisVersion);
  const picks = useApp((s) => s.picksHandled);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const current = SCREENS.find((s) => s.id === screen) ?? SCREENS[0];

  const onNavKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = Array.from(e.currentTarget.querySelectorAll('button'));
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
    next?.focus();
    e.preventDefault();
  };

  return (
    // data-* attributes let tests and the measuring script see when loading has settled.
    <div
      className="app"
      data-engine={engineStatus}
      data-files={files}
      data-errors={errors}
      data-busy={busy}
      data-startup={startupDone ? 'done' : 'pending'}
      data-analysis={analysis}
      data-analysis-runs={runs}
      data-picks={picks}
    >
      <TopBar />
      <nav className="sidebar" aria-label="Screens">
        <ul onKeyDown={onNavKey}>
          {SCREENS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={s.id === current.id ? 'page' : undefined}
                onClick={() => setState({ screen: s.id })}
                data-testid={`nav-${s.id}`}
              >
                <span aria-hidden="true">{s.icon}</span>
                {s.title}
                {s.id === 'data' && errors > 0 && (
                  <span className="badge" title={`${errors} file(s) failed to load`}>
                    ⚠ {errors}
                  </span>
                )}
                {s.id === 'data' && warehouse && (
                  <span className="badge" title={warehouse} data-testid="warehouse-restore-badge">
                    ⚠ warehouse
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="screen" aria-label={current.title} data-testid={`screen-${current.id}`}>
        {current.render()}
      </main>
    </div>
  );
}
