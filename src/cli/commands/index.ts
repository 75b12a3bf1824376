import type { Command } from '../command';

/** Every CLI command, in the order `finops help` lists them. One import line per command. */
export const commands: Command[] = [];
