import { AnalysisStatus } from '../components/AnalysisStatus';
import { useApp } from './store';

/** The analysis run's status for the named analyses, read from the store. */
export function RunStatus({ names }: { names: string[] }) {
  const running = useApp((s) => s.analysisRunning);
  const errors = useApp((s) => s.analysis?.errors);
  return <AnalysisStatus names={names} running={running} errors={errors} />;
}

/**
 * Whether the first analysis run has written the analysis_* tables: until then a screen reading
 * them shows <AnalysisPending/> instead of querying a table that does not exist yet.
 */
export function useAnalysed(): boolean {
  return useApp((s) => s.analysisVersion > 0);
}

export function AnalysisPending() {
  const running = useApp((s) => s.analysisRunning || s.job !== null || !s.startupDone);
  return (
    <div className="empty-state" role="status" data-testid="analysis-pending">
      {running
        ? 'Analysis running… the results appear here when the first run over the loaded data ends.'
        : 'No analysis yet: load a cost export, usage events or invoices on the Data screen and the analyses run by themselves.'}
    </div>
  );
}

/** A whole screen waiting for the first run: its title and the pending note. */
export function AnalysisPendingScreen({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <AnalysisPending />
    </>
  );
}
