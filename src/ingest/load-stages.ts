/** What each stage of a load (pipeline.ts onProgress) is called on screen and on the command line. */
export const LOAD_STAGE_LABELS: Record<string, string> = {
  hash: 'Checking whether it is loaded already',
  check: 'Checking the compressed file',
  detect: 'Detecting the format',
  read: 'Reading',
  map: 'Mapping to the canonical table',
  insert: 'Adding rows',
  tags: 'Indexing tags',
  summary: 'Totalling',
  done: 'Done',
};

export const loadStageLabel = (stage: string): string => LOAD_STAGE_LABELS[stage] ?? stage;
