/**
 * Writes a generated scenario to a folder: `npx tsx scripts/gen-scenario.ts OUT_DIR [--seed N] [--clean] [--scale N] [--year]`.
 * Also writes planted.json (the faults and their exact expected effects) and, with --year (the
 * bundled demo company), planted-answers.json (margins per SKU per month, the incident, invoices).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateScenario } from '../test/scenario/generate';

export function writeScenario(dir: string, opts: { seed?: number; clean?: boolean; scale?: number; year?: boolean } = {}): string[] {
  const s = generateScenario({ seed: opts.seed ?? 1, faults: !opts.clean, scale: opts.scale, year: opts.year });
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const f of s.files) {
    writeFileSync(path.join(dir, f.name), f.text);
    written.push(f.name);
  }
  writeFileSync(path.join(dir, 'planted.json'), JSON.stringify(s.planted, null, 2) + '\n');
  if (!s.answers) return [...written, 'planted.json'];
  writeFileSync(path.join(dir, 'planted-answers.json'), JSON.stringify(s.answers, null, 2) + '\n');
  return [...written, 'planted.json', 'planted-answers.json'];
}

if (process.argv[1] && /gen-scenario\.ts$/.test(process.argv[1])) {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith('--') && !['--seed', '--scale'].includes(args[i - 1] ?? ''));
  if (!dir) {
    process.stderr.write('usage: npx tsx scripts/gen-scenario.ts OUT_DIR [--seed N] [--clean] [--scale N] [--year]\n');
    process.exit(2);
  }
  const num = (flag: string) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined);
  const files = writeScenario(dir, { seed: num('--seed'), clean: args.includes('--clean'), scale: num('--scale'), year: args.includes('--year') });
  process.stdout.write(`wrote ${files.join(', ')} to ${dir}\n`);
}
