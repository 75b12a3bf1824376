/**
 * `finops`: the headless command line over the same core as the app. User mistakes print one
 * line (file, row, column, what was expected) and exit non-zero; never a stack trace.
 */
import { UserError } from '../model/errors';
import { commandHelp, parseArgs, UsageError, wantsHelp, type CliIO } from './command';
import { commands } from './commands/index';

function commandList(): string {
  const lines = commands.map((c) => `  ${c.name.padEnd(12)}  ${c.summary}\n`).join('');
  return `Usage: finops <command> [options]\n\nCommands:\n${lines}\nRun "finops <command> --help" for its usage and options.\n`;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? commandHelp(topic) : commandList());
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`finops: unknown command "${name}" (try: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  try {
    if (wantsHelp(rest, cmd.options)) {
      io.out(commandHelp(cmd));
      return 0;
    }
    return await cmd.run(parseArgs(rest, cmd.options, cmd.usage), io);
  } catch (e) {
    if (e instanceof UserError || e instanceof UsageError) {
      io.err(`finops ${name}: ${e.message}\n`);
      // 130: ended by the user's Ctrl+C (128 + SIGINT), as shells report it.
      return e instanceof UsageError ? 2 : io.signal?.aborted ? 130 : 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`finops ${name}: internal error: ${msg.split('\n')[0]}\n`);
    if (process.env.FINOPS_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
    return 70;
  }
}

const isMain = process.argv[1] && /(?:src[\\/]cli[\\/]main\.ts|bin[\\/]finops(\.mjs)?)$/.test(process.argv[1]);
if (isMain || process.env.FINOPS_CLI_MAIN === '1') {
  // The first Ctrl+C asks the command to stop cleanly; a second one ends the process at once.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    signal: interrupt.signal,
    stderrIsTTY: process.stderr.isTTY === true,
  }).then((code) => {
    process.exitCode = code;
  });
}
