/**
 * `--engine native|wasm`: which DuckDB build a command runs on. Native DuckDB is the default
 * (all cores, spills to disk, reads files itself); wasm is the app's in-browser build, kept
 * selectable so a result can be checked on the engine the app uses.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../engine/engine';
import { UsageError, type OptionSpec, type ParsedArgs } from './command';

export const ENGINE_OPTION: OptionSpec = {
  type: 'string',
  value: 'native|wasm',
  help: 'DuckDB build to run on: native (default: every core, spills to disk) or wasm (the app’s in-browser build)',
};

/**
 * Opens the engine `--engine` names; only the chosen build is loaded. `files`: the paths the user
 * named, which native SQL may read where they are (others are linked into its own folder).
 * Native DuckDB takes its memory cap, spill folder and worker threads from FINOPS_MEMORY_LIMIT (e.g. 4GB),
 * FINOPS_SPILL_DIR and FINOPS_THREADS when set; FINOPS_STORAGE=memory|file overrides where its tables live.
 */
export async function openEngine(flags: ParsedArgs['flags'], files: readonly string[] = []): Promise<Engine> {
  const choice = flags.engine ?? process.env.FINOPS_ENGINE ?? 'native';
  if (choice === 'native') {
    const { createNativeEngine, storageEstimate } = await import('../engine/node-native-engine');
    return createNativeEngine({
      memoryLimit: process.env.FINOPS_MEMORY_LIMIT || undefined,
      tempDirectory: process.env.FINOPS_SPILL_DIR || undefined,
      threads: process.env.FINOPS_THREADS ? threadCount(process.env.FINOPS_THREADS) : undefined,
      readablePaths: files,
      // A load far beyond memory keeps its tables in a compressed database file (FINOPS_STORAGE=memory|file decides).
      storage: storageChoice(process.env.FINOPS_STORAGE),
      expectedBytes: storageEstimate(files.flatMap(filesUnder)),
    });
  }
  if (choice === 'wasm') return (await import('../engine/node-engine')).createNodeEngine();
  throw new UsageError(`--engine: expected native or wasm, got ${JSON.stringify(choice)}`);
}

function storageChoice(value: string | undefined): 'memory' | 'file' | undefined {
  if (!value) return undefined;
  if (value === 'memory' || value === 'file') return value;
  throw new UsageError(`FINOPS_STORAGE: expected memory or file, got ${JSON.stringify(value)}`);
}

/** The files at a path the user named (a folder's files, recursively), with their sizes; nothing for a missing path. */
function filesUnder(p: string): { name: string; size: number }[] {
  try {
    const st = statSync(p);
    if (!st.isDirectory()) return [{ name: p, size: st.size }];
    return readdirSync(p, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const f = path.join(e.parentPath, e.name);
        return { name: f, size: statSync(f).size };
      });
  } catch {
    return []; // refused when opened, naming it
  }
}

function threadCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UsageError(`FINOPS_THREADS: expected a whole number of threads from 1 to 256, got ${JSON.stringify(value)}`);
  return n;
}
