import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startEngine } from './app/engine-status';
import { openBundledSamples } from './features/data/samples';
import { openHostFiles, pickAndOpen } from './features/data/open-files';
import { openWorkspaceFromHost, restoreWorkspace, saveWorkspace } from './features/data/workspace';
import { getHostBridge } from './host/bridge';
import { setState } from './app/store';
import { ensureAnalyses } from './analysis/run-analyses';
import { restoreSavedViews } from './features/cost/saved-views';
import './styles.css';

const host = getHostBridge();
// The engine compiles in its worker while the UI renders; files queue until it is ready.
const engineReady = startEngine();
void restoreSavedViews();
host.onFilesOpened((files) => void openHostFiles(files));
host.onMenuCommand((cmd) => {
  const run: Record<string, () => unknown> = {
    'open-files': () => pickAndOpen(),
    'open-workspace': () => openWorkspaceFromHost(),
    'save-workspace': () => saveWorkspace(false),
    'save-workspace-as': () => saveWorkspace(true),
    export: () => setState({ screen: 'proposals' }),
    find: () => setState({ screen: 'sql' }),
  };
  void Promise.resolve(run[cmd]?.()).catch(() => undefined);
});
void host.getTheme().then((pref) => {
  if (pref !== 'system') setState({ theme: pref });
});
host.onThemeChange((pref) => {
  if (pref !== 'system') setState({ theme: pref });
});
void engineReady
  .then(async () => {
    const startup = await host.startupFiles();
    const last = startup.length ? null : await host.lastWorkspace().catch(() => null);
    if (startup.length) await openHostFiles(startup);
    else if (last) await restoreWorkspace(last);
    else await openBundledSamples();
  })
  .catch(() => undefined) // start-up failures are shown by the engine status in the top bar
  .finally(() => {
    setState({ startupDone: true });
    ensureAnalyses();
  });
createRoot(document.getElementById('root')!).render(<App />);
