/** One CLI command: parsed argv in, exit code out. Output goes through `io` so tests can capture it. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Minimal flag parser: `--name value`, repeated flags collect, `--flag` alone is boolean. */
export function parseArgs(
  args: string[],
  spec: { multi?: string[]; bool?: string[] } = {},
): { positional: string[]; flags: Record<string, string | string[] | boolean> } {
  const positional: string[] = [];
  const flags: Record<string, string | string[] | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const name = a.slice(2);
    if (spec.bool?.includes(name)) {
      flags[name] = true;
      continue;
    }
    if (spec.multi?.includes(name)) {
      const list = (flags[name] as string[] | undefined) ?? [];
      // A multi flag takes every following value up to the next flag: --cost a.csv b.csv
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) list.push(args[++i]);
      flags[name] = list;
      continue;
    }
    if (i + 1 >= args.length) throw new UsageError(`--${name} needs a value`);
    flags[name] = args[++i];
  }
  return { positional, flags };
}

export class UsageError extends Error {}
