#!/usr/bin/env node
// Entry point of the headless CLI: runs the TypeScript core through tsx's loader.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
process.env.FINOPS_CLI_MAIN = '1';
await import(main);
