/**
 * Recovery after the engine stops (a wasm trap such as running out of its 4 GB, or the worker
 * gone): the request behind each loaded file is kept, so a fresh engine can be given the same
 * files, in the Data screen's order. The file that stopped the engine is not retried; review
 * decisions live in the workspace, not in the engine, and are untouched.
 */
import type { Engine, FileSource } from '../../../src/engine/engine';
import { loadFile } from '../../../src/ingest/pipeline';
import { createAdapterRegistry } from '../../../src/ingest/registry';
import { getState, setState } from '../../app/store';
import { restartEngine } from '../../app/engine-status';
import { exclusive } from '../../engine/exclusive';
import type { LocaleDateFormat } from '../../../src/ingest/sql';

/** What a reload needs of a load request (load-queue.ts LoadRequest): its bytes or path, name and date order. */
export interface KeptRequest {
  name: string;
  source: FileSource;
  dateFormat?: LocaleDateFormat;
}

/** The request behind each loaded file, by file id. */
const kept = new Map<string, KeptRequest>();
/** The load that stopped the engine, until the engine is restarted. */
let crash: { name: string; bytes: number | null; outOfMemory: boolean; noticeId: string } | null = null;

/** How a wasm heap exhaustion shows (a trap past the 4 GB, an abort, a failed allocation). */
const OUT_OF_MEMORY = /memory|Aborted\(|allocat/i;
let seq = 0;

export function keepRequest(fileId: string, req: KeptRequest): void {
  kept.set(fileId, { name: req.name, source: req.source, dateFormat: req.dateFormat });
}

export function forgetRequests(fileIds: readonly string[]): void {
  for (const id of fileIds) kept.delete(id);
}

function sizeOf(s: FileSource): number | null {
  return s.kind === 'blob' ? s.blob.size : s.kind === 'buffer' ? s.data.byteLength : null;
}

/** After a failed load: when it stopped the engine, remembers the file and offers the restart. */
export function noteStopped(engine: Engine, req: KeptRequest, err: unknown): void {
  if (!engine.stopped || crash) return;
  const noticeId = `engine${++seq}`;
  crash = { name: req.name, bytes: sizeOf(req.source), outOfMemory: OUT_OF_MEMORY.test(err instanceof Error ? err.message : String(err)), noticeId };
  const text = `The engine stopped while loading ${req.name}. Restart it to reload the ${getState().files.length} loaded files (the next load restarts it too).`;
  setState((s) => ({ notices: [...s.notices, { id: noticeId, kind: 'engine', text, action: 'restart-engine' }] }));
}

/** The Data screen's account of a restart. */
export function restartMessage(
  failed: { name: string; bytes: number | null; outOfMemory: boolean } | null,
  reloaded: number,
  lost: readonly string[],
  holder?: string,
): string {
  const what = failed ? `The engine ${failed.outOfMemory ? 'ran out of memory' : 'stopped'} loading ${failed.name}` : 'The engine had stopped';
  const size = failed?.bytes != null ? `${(failed.bytes / 2 ** 20).toFixed(1)} MB` : '';
  const hint = holder === 'native' ? '' : 'try the native engine';
  const why = [size, hint].filter(Boolean).join('; ');
  const skipped = failed ? `; ${failed.name} was not loaded${why ? ` (${why})` : ''}` : '';
  const missing = lost.length ? `; could not reload ${lost.join(', ')}` : '';
  return `${what}; it was restarted and ${reloaded} ${reloaded === 1 ? 'file' : 'files'} reloaded${skipped}${missing}.`;
}

/**
 * Returns `engine` when it runs; else a fresh engine holding the kept files again (a file that
 * cannot be reloaded leaves the list, and the notice names it). Call from inside the load queue.
 */
export async function runningEngine(engine: Engine): Promise<Engine> {
  if (!engine.stopped) return engine;
  const fresh = await restartEngine();
  const lost: string[] = [];
  let reloaded = 0;
  for (const f of getState().files) {
    const req = kept.get(f.id);
    try {
      if (!req) throw new Error('not kept');
      await exclusive(() =>
        loadFile(fresh, { name: f.name, source: req.source, adapters: createAdapterRegistry(getState().billingConfig), dateFormat: req.dateFormat }),
      );
      reloaded++;
    } catch {
      lost.push(f.name);
      kept.delete(f.id);
    }
  }
  const text = restartMessage(crash, reloaded, lost, getState().engineStatus.holder);
  const offer = crash?.noticeId;
  crash = null;
  setState((s) => ({
    files: s.files.filter((f) => !lost.includes(f.name)),
    notices: [...s.notices.filter((n) => n.id !== offer), { id: `engine${++seq}`, kind: 'engine', text }],
    dataVersion: s.dataVersion + 1,
  }));
  return fresh;
}
