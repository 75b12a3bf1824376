import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer build: root is renderer/, output in dist/ with relative URLs (base './') so the app
 * loads from a custom scheme or file:// with no server. The DuckDB wasm and worker files and the
 * bundled samples are imported with `?url` and ship as assets: nothing comes from a CDN.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Keep big wasm files as separate assets (never inline data URLs).
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  server: { fs: { allow: [here] } },
});
