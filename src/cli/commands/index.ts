import type { Command } from '../command';
import { analyzeCommand } from './analyze';
import { conformanceCommand } from './conformance';
import { exportCommand } from './export';
import { reviewCommand } from './review';
import { detectCommand } from './detect';
import { postmortemCommand } from './postmortem';
import { inspectCommand } from './inspect';

/** Every CLI command, in the order `finops help` lists them. One import line per command. */
export const commands: Command[] = [
  inspectCommand,
  analyzeCommand,
  conformanceCommand,
  exportCommand,
  reviewCommand,
  detectCommand,
  postmortemCommand,
];
