/**
 * Progress of a long command on stderr: the file and stage, rows so far, DuckDB's own estimate of
 * the running statement (native engine), and the time spent. On a terminal one line is rewritten
 * in place; with `--progress` each stage prints one line, and a long stage a line every 10 s (for
 * logs and CI); otherwise nothing is printed, so piped output stays the contract's.
 */
import type { Engine, LoadProgress, StatementProgress } from '../engine/engine';
import { loadStageLabel } from '../ingest/load-stages';
import type { CliIO, OptionSpec } from './command';

export const PROGRESS_OPTION: OptionSpec = {
  type: 'boolean',
  help: 'Print each step on stderr as it starts (a terminal shows one updating line without it)',
};

export type ProgressMode = 'line' | 'log' | 'off';

/** `--progress` prints a log; a terminal gets the updating line; anything else stays quiet. */
export function progressMode(flag: unknown, stderrIsTTY: boolean): ProgressMode {
  if (flag === true) return 'log';
  return stderrIsTTY ? 'line' : 'off';
}

export interface CliProgress {
  /** A load's report (pipeline.ts onProgress). */
  load(file: string, p: LoadProgress): void;
  /** A step other than a load (an analysis stage, writing the outputs). */
  step(label: string): void;
  /** Clears the line and stops polling the engine (again: nothing). */
  end(): void;
}

const POLL_MS = 500;
const LOG_EVERY_MS = 10_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "42%" of the running statement, or '' when DuckDB cannot estimate it. */
function statementText(p: StatementProgress | null): string {
  return p?.percentage == null ? '' : `${Math.floor(p.percentage)}% of this step`;
}

export function createCliProgress(command: string, io: CliIO, engine: Engine, mode: ProgressMode, clock = () => Date.now()): CliProgress {
  if (mode === 'off') return { load() {}, step() {}, end() {} };
  const started = clock();
  let label = '';
  let rows: number | undefined;
  let stepStarted = started;
  let lastLog = started;
  let statement: StatementProgress | null = null;
  let shown = '';

  const text = () => {
    const parts = [label];
    if (rows !== undefined) parts.push(`${rows.toLocaleString('en-US')} rows`);
    const pct = statementText(statement);
    if (pct) parts.push(pct);
    return `${command}: ${parts.join(', ')} (${seconds(clock() - started)})`;
  };
  const draw = () => {
    if (mode !== 'line') return;
    const t = text();
    if (t === shown) return;
    shown = t;
    io.err(`\r\x1b[K${t}`);
  };
  const change = (next: string) => {
    if (next === label) return;
    label = next;
    rows = undefined;
    statement = null;
    stepStarted = lastLog = clock();
    if (mode === 'log') io.err(`${text()}\n`);
    else draw();
  };
  // DuckDB's estimate of the statement in flight; a long step logs where it is every LOG_EVERY_MS.
  const timer = setInterval(async () => {
    statement = (await engine.progress?.().catch(() => null)) ?? null;
    if (mode === 'line') draw();
    else if (clock() - lastLog >= LOG_EVERY_MS && clock() - stepStarted >= LOG_EVERY_MS) {
      lastLog = clock();
      io.err(`${text()}\n`);
    }
  }, POLL_MS);
  timer.unref?.();

  return {
    load(file, p) {
      change(`${file}: ${loadStageLabel(p.stage)}`);
      if (p.rows !== undefined) rows = p.rows;
      draw();
    },
    step(next) {
      change(next);
    },
    end() {
      clearInterval(timer);
      if (mode === 'line' && shown) io.err('\r\x1b[K');
      shown = '';
    },
  };
}
