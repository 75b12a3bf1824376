import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/engine/**/*.test.ts', 'electron/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file per core: Vitest's default (cores - 1) runs one file at a time on two cores.
    maxWorkers: '100%',
    setupFiles: ['test/setup/fast-check-seed.ts'],
    globalSetup: ['test/setup/cli-bundle.ts'],
  },
});
