/** One CLI command: parsed argv in, exit code out. Output goes through `io` so tests can capture it. */
import { parseArgs as parseNodeArgs } from 'node:util';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Aborted when the user interrupts (Ctrl+C): a long command stops its statement and writes nothing. */
  signal?: AbortSignal;
  /** Whether stderr is a terminal (progress is then one updating line). */
  stderrIsTTY?: boolean;
}

/** One `--name` option: a string value, a list of values (`--cost a.csv b.csv`), or a switch. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** The value's placeholder in the help ('FILE', 'DIR'). */
  value?: string;
  help: string;
}

export type CommandOptions = Record<string, OptionSpec>;

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | string[] | boolean>;
}

export interface Command {
  name: string;
  summary: string;
  /** Without the leading `finops `. */
  usage: string;
  options: CommandOptions;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

export class UsageError extends Error {}

const isFlag = (token: string) => token.startsWith('--') || token === '-h';

/**
 * Node's parser takes one value per option occurrence; ours lets a multi-value option take every
 * following value up to the next flag (`--cost samples/real/*\/*.csv`, as shells expand globs).
 * Values are joined to their option (`--out=DIR`) so a value starting with '-' stays a value.
 */
function groupValues(args: string[], options: CommandOptions): string[] {
  const grouped: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      grouped.push(...args.slice(i));
      break;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq < 0 ? undefined : eq) : '';
    const spec = Object.hasOwn(options, name) ? options[name] : undefined;
    if (spec?.type !== 'string') {
      grouped.push(a);
      continue;
    }
    const values = eq < 0 ? [] : [a.slice(eq + 1)];
    if (spec.multiple) while (i + 1 < args.length && !isFlag(args[i + 1])) values.push(args[++i]);
    else if (eq < 0 && i + 1 < args.length) values.push(args[++i]);
    if (!values.length) throw new UsageError(`--${name} needs a value`);
    for (const value of values) grouped.push(`--${name}=${value}`);
  }
  return grouped;
}

/** True when `--help` or `-h` stands where a flag may (not as another option's value). */
export function wantsHelp(args: string[], options: CommandOptions): boolean {
  const grouped = groupValues(args, options);
  const end = grouped.indexOf('--');
  return (end < 0 ? grouped : grouped.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** `--name value` / `--name=value`; a multi option collects; unknown options are usage errors. */
export function parseArgs(args: string[], options: CommandOptions, usage: string): ParsedArgs {
  const config = Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type, multiple: o.multiple === true }]));
  try {
    const { values, positionals } = parseNodeArgs({
      args: groupValues(args, options),
      options: config,
      strict: true,
      allowPositionals: true,
    });
    return { positional: positionals, flags: values as ParsedArgs['flags'] };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as { code?: string }).code;
    const option = /'(-[^' ]+)/.exec((e as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option} (usage: finops ${usage})`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${option} takes no value (usage: finops ${usage})`);
    throw new UsageError((e as Error).message);
  }
}

/** `finops CMD --help`: usage, summary and one line per option. */
export function commandHelp(cmd: Command): string {
  const rows: [string, string][] = Object.entries(cmd.options).map(([name, o]) => [
    `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}${o.multiple ? '...' : ''}` : ''}`,
    o.help,
  ]);
  rows.push(['-h, --help', 'Print this help']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return `Usage: finops ${cmd.usage}\n\n${cmd.summary}\n\nOptions:\n` + rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}\n`).join('');
}
