/**
 * The bundled samples (samples/**), shipped as assets of the built app via Vite `?url` imports and
 * opened at start. Nothing is read from outside the app at run time.
 */
import { enqueueLoads, type LoadRequest } from './load-queue';
import { isSampleDataPath, startupSamplePaths } from './sample-filter';

const urls = import.meta.glob(['../../../samples/**/*.{csv,jsonl,ndjson,json,parquet}', '!../../../samples/**/conversion-rules/**'], {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Sample files in load order: price books and cost first, then usage, then ledgers. */
export function bundledSamples(): { name: string; path: string; url: string }[] {
  return Object.entries(urls)
    .map(([path, url]) => ({ path: path.replace(/^(\.\.\/)+/, ''), name: path.split('/').pop()!, url }))
    .filter((s) => isSampleDataPath(s.path))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The start-up set (see startupSamplePaths). */
export async function openBundledSamples(): Promise<void> {
  await openSamples(startupSamplePaths(bundledSamples().map((s) => s.path)));
}

/** Opens the bundled samples with these paths (e.g. from a workspace). */
export async function openSamples(paths: string[]): Promise<void> {
  const wanted = new Set(paths);
  const reqs: LoadRequest[] = await Promise.all(
    bundledSamples()
      .filter((x) => wanted.has(x.path))
      .map(async (s) => {
        const blob = await (await fetch(new URL(s.url, document.baseURI))).blob();
        return { name: s.name, source: { kind: 'blob' as const, blob }, origin: 'sample' as const, ref: s.path };
      }),
  );
  await enqueueLoads(reqs);
}
