/**
 * Analyst verdicts on anomaly findings. 'true' (a real incident) and 'planned' (a launch, a
 * migration) are kept out of later baselines so the detector does not learn them as normal;
 * 'false' means the behaviour was normal: it stays in the baseline and the same event is not
 * raised again. Storage is behind an interface (JSON file in Node, workspace in the app).
 */
import type { AnomalyFinding } from '../../model/findings';

export type LabelValue = 'true' | 'false' | 'planned';

export interface AnomalyLabel {
  series_key: string;
  /** Event bounds as in the finding (day 'YYYY-MM-DD' or ISO timestamp), inclusive. */
  start: string;
  end: string;
  label: LabelValue;
  note?: string;
  by?: string;
  at: string;
}

export interface LabelStore {
  list(seriesKey?: string): Promise<AnomalyLabel[]>;
  /** Adds or replaces the label of (series_key, start). */
  put(label: AnomalyLabel): Promise<void>;
  remove(seriesKey: string, start: string): Promise<boolean>;
}

export class MemoryLabelStore implements LabelStore {
  protected labels: AnomalyLabel[] = [];
  async list(seriesKey?: string): Promise<AnomalyLabel[]> {
    return this.labels.filter((l) => seriesKey === undefined || l.series_key === seriesKey).map((l) => ({ ...l }));
  }
  async put(label: AnomalyLabel): Promise<void> {
    validateLabel(label);
    this.labels = this.labels.filter((l) => !(l.series_key === label.series_key && l.start === label.start));
    this.labels.push({ ...label });
    await this.persist();
  }
  async remove(seriesKey: string, start: string): Promise<boolean> {
    const before = this.labels.length;
    this.labels = this.labels.filter((l) => !(l.series_key === seriesKey && l.start === start));
    if (this.labels.length !== before) await this.persist();
    return this.labels.length !== before;
  }
  /** Storage hook for subclasses. */
  protected async persist(): Promise<void> {}
}

export function validateLabel(l: AnomalyLabel): void {
  if (!l.series_key) throw new Error('label needs a series_key');
  if (!['true', 'false', 'planned'].includes(l.label)) throw new Error(`label must be true, false or planned (got "${l.label}")`);
  if (!(toMs(l.start) <= toMs(l.end))) throw new Error(`label ${l.series_key}: start ${l.start} must not be after end ${l.end}`);
}

function toMs(s: string): number {
  return Date.parse(s.length === 10 ? s + 'T00:00:00Z' : s);
}

function covers(l: AnomalyLabel, ms: number): boolean {
  return ms >= toMs(l.start) && ms <= toMs(l.end);
}

/** Points covered by a 'true' or 'planned' label: excluded from the baselines. */
export function excludedMask(labels: AnomalyLabel[], seriesKey: string, timestampsMs: ArrayLike<number>): boolean[] {
  const mine = labels.filter((l) => l.series_key === seriesKey && l.label !== 'false');
  return Array.from(timestampsMs, (ms) => mine.some((l) => covers(l, ms)));
}

/**
 * Findings after the analyst's word: an event overlapping a 'false' label is dropped (it was
 * judged normal); others keep their label for display.
 */
export function applyLabels(findings: AnomalyFinding[], labels: AnomalyLabel[]): AnomalyFinding[] {
  const out: AnomalyFinding[] = [];
  for (const f of findings) {
    const s = toMs(f.start);
    const e = toMs(f.end);
    const hit = labels.find((l) => l.series_key === f.series_key && toMs(l.start) <= e && toMs(l.end) >= s);
    if (hit?.label === 'false') continue;
    out.push(hit ? { ...f, label: hit.label } : f);
  }
  return out;
}
