import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/** Builds the engine-contract page (test only, never shipped) into test-results/contract-dist. */
const repo = fileURLToPath(new URL('../..', import.meta.url));
export default defineConfig({
  root: fileURLToPath(new URL('./contract-page', import.meta.url)),
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    outDir: repo + 'test-results/contract-dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
});
