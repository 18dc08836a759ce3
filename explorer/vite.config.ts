// The explorer is a static site: built to explorer/dist, served at / by `chitieu serve` and by
// CloudFront. Relative asset URLs so it also works under a path prefix.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false },
  },
  server: {
    // `vite explorer` during development: the API of a running `chitieu serve`.
    proxy: { '/api': 'http://127.0.0.1:8787', '/data': 'http://127.0.0.1:8787' },
  },
});
