/** "Analysing…" while a run is going on, and an error card for each named analysis that failed. */
export function AnalysisStatus({
  names,
  running,
  errors,
}: {
  names: string[];
  running: boolean;
  /** analysis name -> error message of the last run. */
  errors: Record<string, string> | undefined;
}) {
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
