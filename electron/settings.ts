/**
 * What the app remembers between runs (userData/settings.json): theme, recent files, the last
 * workspace file and the window geometry. Read defensively, written atomically.
 */
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { basename } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { THEME_PREFERENCES, type RecentFile, type ThemePreference } from '../src/host/ipc-contract.js';
import { parseWindowState, type WindowState } from './window-state.js';

export const MAX_RECENT = 10;

export interface Settings {
  theme: ThemePreference;
  /** Newest first; refs are canonical absolute paths. */
  recent: RecentFile[];
  lastWorkspace: string | null;
  window: WindowState | null;
}

export const DEFAULT_SETTINGS: Settings = { theme: 'system', recent: [], lastWorkspace: null, window: null };

const recentFile = v.object({ name: v.string(), ref: v.string(), openedAt: v.string() });

/** Every field falls back to its default on its own, so one bad field does not reset the rest. */
const savedSettings = v.fallback(
  v.object({
    theme: v.fallback(v.picklist(THEME_PREFERENCES), 'system'),
    recent: v.fallback(
      v.pipe(
        v.array(v.unknown()),
        v.transform((list) => list.filter((r): r is RecentFile => v.is(recentFile, r)).slice(0, MAX_RECENT)),
      ),
      [] as RecentFile[],
    ),
    lastWorkspace: v.fallback(v.nullable(v.string()), null),
    window: v.optional(v.pipe(v.unknown(), v.transform(parseWindowState)), null),
  }),
  DEFAULT_SETTINGS,
);

export function parseSettings(value: unknown): Settings {
  const s = v.parse(savedSettings, value);
  return { theme: s.theme, recent: [...s.recent], lastWorkspace: s.lastWorkspace, window: s.window };
}

/** Puts `paths` at the top of the recent list (newest first), without duplicates, capped. */
export function addRecent(list: readonly RecentFile[], paths: readonly string[], now = new Date()): RecentFile[] {
  const at = now.toISOString();
  const fresh = paths.map((ref) => ({ name: basename(ref), ref, openedAt: at }));
  const seen = new Set(paths);
  return [...fresh, ...list.filter((r) => r.ref !== null && !seen.has(r.ref))].slice(0, MAX_RECENT);
}

export class SettingsStore {
  private value: Settings = { ...DEFAULT_SETTINGS };
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<Settings> {
    try {
      this.value = parseSettings(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      this.value = { ...DEFAULT_SETTINGS };
    }
    return this.value;
  }

  get(): Settings {
    return this.value;
  }

  /** Resolves when every change so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  /** Applies a change and persists it; writes are serialized so the last one wins on disk. */
  update(change: Partial<Settings>): Promise<void> {
    this.value = { ...this.value, ...change };
    const snapshot = JSON.stringify(this.value, null, 2);
    this.writing = this.writing.then(() => writeFileAtomic(this.file, snapshot)).catch(() => undefined);
    return this.writing;
  }
}
