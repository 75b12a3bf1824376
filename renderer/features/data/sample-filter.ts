/**
 * Which files under samples/ are data the app opens at start (also used by the UI tests to
 * compute expected figures): data extensions only, skipping licences, rule/model files
 * (e.g. the FOCUS validator's model-1.2.json), answer keys (planted*.json) and deliberately bad
 * examples (bad-*).
 */
const DATA_EXT = /\.(csv|jsonl|ndjson|json|parquet)$/i;
const NOT_DATA =
  /(^|\/)(focus-validator|conversion-rules|rules)\/|(^|\/)(model-[^/]*|package|manifest|planted[^/]*|schema[^/]*)\.json$|(^|\/)bad[-_][^/]*$/i;

/** `path` relative to the repository, forward slashes (e.g. 'samples/demo/usage.jsonl'). */
export function isSampleDataPath(path: string): boolean {
  return DATA_EXT.test(path) && !NOT_DATA.test(path);
}

/** Mappings/settings files (config.json, *mappings*.json) configure the importers and analyses. */
export function isConfigFile(name: string): boolean {
  return /(^|[-_./])(config|mappings|settings)[^/]*\.json$/i.test(name);
}

/**
 * The samples opened at start: the demo company (samples/demo) when bundled — one coherent data
 * set whose figures add up; else the real FOCUS sample; else everything. The rest (real provider
 * exports, FOCUS correction examples) can be opened from the Data screen.
 */
export function startupSamplePaths(paths: readonly string[]): string[] {
  const demo = paths.filter((p) => p.startsWith('samples/demo/'));
  if (demo.length) return demo;
  const focus = paths.filter((p) => p.startsWith('samples/real/focus-sample/'));
  return focus.length ? focus : [...paths];
}
