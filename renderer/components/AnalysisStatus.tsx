import { useApp } from '../app/store';

/** "Analysing…" while a run is going on, and an error card for each named analysis that failed. */
export function AnalysisStatus({ names }: { names: string[] }) {
  const running = useApp((s) => s.analysisRunning);
  const errors = useApp((s) => s.analysis?.errors);
  const failed = names.filter((n) => errors?.[n]);
  return (
    <>
      {running && (
        <p className="muted" role="status">
          Analysing the loaded data…
        </p>
      )}
      {failed.map((n) => (
        <div key={n} className="card error" role="alert" style={{ marginBottom: 10 }}>
          <span className="title">✕ The {n} analysis failed:</span> {errors![n]}
        </div>
      ))}
    </>
  );
}
