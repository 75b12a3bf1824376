import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/engine/**/*.test.ts', 'electron/**/*.test.ts'],
    // Room for a loaded machine: at load 20-30 on two cores a one-month demo's beforeAll and the
    // layering test's depcruise of the tree passed 60 s; a hang still fails.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One test file per core: Vitest's default (cores - 1) runs one file at a time on two cores.
    maxWorkers: '100%',
    setupFiles: ['test/setup/fast-check-seed.ts'],
    globalSetup: ['test/setup/cli-bundle.ts'],
  },
});
