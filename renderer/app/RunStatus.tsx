import { AnalysisStatus } from '../components/AnalysisStatus';
import { useApp } from './store';

/** The analysis run's status for the named analyses, read from the store. */
export function RunStatus({ names }: { names: string[] }) {
  const running = useApp((s) => s.analysisRunning);
  const errors = useApp((s) => s.analysis?.errors);
  return <AnalysisStatus names={names} running={running} errors={errors} />;
}
