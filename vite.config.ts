// Builds the explorer (src/web) into the static bundle that the server serves at / (dist/web).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // vis-timeline (with moment) and Cytoscape make one script of about 1 MB (330 kB gzipped).
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    // Files stay files (no data: URLs), so a strict Content-Security-Policy of 'self' fits the page.
    assetsInlineLimit: 0,
    // Two pages: the explorer (index.html) and the review of proposals (review.html).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./src/web/index.html', import.meta.url)),
        review: fileURLToPath(new URL('./src/web/review.html', import.meta.url)),
      },
    },
  },
});
