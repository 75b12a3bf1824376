/** The CLI's flag parsing (node:util parseArgs behind the grouping of multi-value flags) and help. */
import { describe, expect, it } from 'vitest';
import { parseArgs, wantsHelp, type CommandOptions } from '../../../src/cli/command';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';

const OPTIONS: CommandOptions = {
  cost: { type: 'string', multiple: true, help: 'cost files' },
  usage: { type: 'string', multiple: true, help: 'usage files' },
  out: { type: 'string', help: 'out dir' },
  amount: { type: 'string', help: 'an amount' },
  json: { type: 'boolean', help: 'json' },
};
const parse = (...args: string[]) => parseArgs(args, OPTIONS, 'test --cost F... --out DIR');

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('CLI flags', () => {
  it('gives a multi-value flag every value up to the next flag, as a shell glob expands', () => {
    expect(parse('--cost', 'a.csv', 'b.csv', '--usage', 'u.csv', '--cost', 'c.csv', '--out', 'dir')).toEqual({
      positional: [],
      flags: { cost: ['a.csv', 'b.csv', 'c.csv'], usage: ['u.csv'], out: 'dir' },
    });
    expect(parse('--cost=a.csv', 'b.csv', '--json').flags).toEqual({ cost: ['a.csv', 'b.csv'], json: true });
  });

  it('keeps positionals, a value that starts with "-", and everything after --', () => {
    expect(parse('x.csv', '--amount', '-1.50', '--json', 'y.csv')).toEqual({
      positional: ['x.csv', 'y.csv'],
      flags: { amount: '-1.50', json: true },
    });
    expect(parse('--out=d', '--', '--cost')).toEqual({ positional: ['--cost'], flags: { out: 'd' } });
  });

  it('rejects unknown options, missing values and values given to switches with one line', () => {
    expect(() => parse('--bogus', 'x')).toThrow(/^unknown option --bogus \(usage: finops test --cost F\.\.\. --out DIR\)$/);
    expect(() => parse('-x')).toThrow(/^unknown option -x /);
    expect(() => parse('--out')).toThrow(/^--out needs a value$/);
    expect(() => parse('--cost', '--json')).toThrow(/^--cost needs a value$/);
    expect(() => parse('--json=yes')).toThrow(/^--json takes no value/);
  });

  it('sees --help and -h only where a flag stands', () => {
    expect(wantsHelp(['--cost', 'a.csv', '-h'], OPTIONS)).toBe(true);
    expect(wantsHelp(['--bogus', '--help'], OPTIONS)).toBe(true);
    expect(wantsHelp(['--amount', '--help'], OPTIONS)).toBe(false);
    expect(wantsHelp(['--', '--help'], OPTIONS)).toBe(false);
  });
});

describe('finops --help', () => {
  it('lists every command', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.out).toMatch(new RegExp(`^  ${c.name} +${c.summary.slice(0, 20).replace(/[()+.]/g, '\\$&')}`, 'm'));
    expect((await cli()).code).toBe(2);
  });

  it.each(commands.map((c) => c.name))('prints the usage and every option of %s', async (name) => {
    const cmd = commands.find((c) => c.name === name)!;
    for (const flag of ['--help', '-h']) {
      const r = await cli(name, flag);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out.startsWith(`Usage: finops ${cmd.usage}\n`)).toBe(true);
      for (const [option, spec] of Object.entries(cmd.options)) {
        expect(r.out).toContain(`--${option}`);
        expect(r.out).toContain(spec.help);
      }
    }
    expect((await cli('help', name)).out).toBe((await cli(name, '--help')).out);
  });

  it('rejects an unknown option of any command with its usage', async () => {
    const r = await cli('export', '--proposal', 'p.json');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`finops export: unknown option --proposal (usage: finops ${commands.find((c) => c.name === 'export')!.usage})\n`);
  });
});
