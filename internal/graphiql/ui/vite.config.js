// Builds src/main.jsx into ../dist (committed, embedded by the Go package).
// Output: dist/manifest.json + dist/assets/* with content-hashed names
// (entry JS, CSS, lazily loaded chunks and the Monaco web workers).
import { defineConfig } from 'vite';
import { explorerOrderPlugin } from './build/explorer-order.js';
import { outlinesPlugin } from './build/outline.js';

export default defineConfig({
  // Relative base: chunks and workers are resolved against the entry's URL
  // (import.meta.url), so the Go side decides where assets/ is mounted.
  base: './',
  plugins: [explorerOrderPlugin(), outlinesPlugin()],
  publicDir: false,
  esbuild: { jsx: 'automatic', legalComments: 'none' },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    manifest: 'manifest.json',
    sourcemap: false,
    target: 'es2022',
    cssCodeSplit: false,
    chunkSizeWarningLimit: 4096,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: 'src/main.jsx',
      onwarn(warning, warn) {
        // "use client" directives of React libraries are meaningless here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
