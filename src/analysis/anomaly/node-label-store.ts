/** Label store persisted as one JSON file (Node edge: CLI and tests; the app keeps its own). */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { MemoryLabelStore, validateLabel, type AnomalyLabel } from './labels';

export class JsonFileLabelStore extends MemoryLabelStore {
  constructor(private readonly path: string) {
    super();
    if (existsSync(path)) {
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new Error(`${path}: not a label file (${e instanceof Error ? e.message : String(e)})`, { cause: e });
      }
      const list = (data as { labels?: AnomalyLabel[] }).labels;
      if (!Array.isArray(list)) throw new Error(`${path}: expected {"labels": [...]}`);
      list.forEach(validateLabel);
      this.labels = list;
    }
  }

  protected override async persist(): Promise<void> {
    // Write then rename: a crash never leaves half a file.
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, labels: this.labels }, null, 2) + '\n');
    renameSync(tmp, this.path);
  }
}
