// Builds the explorer (src/web) into the static bundle that the server serves at / (dist/web), with
// persisted-documents.json, the manifest of the documents it sends (for ANNALS_TRUSTED_DOCUMENTS).
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { OPERATIONS } from './src/web/api.js';

/** The explorer's documents by their SHA-256, as GraphQL Code Generator's client preset writes a manifest. */
function persistedDocumentsPlugin(): Plugin {
  return {
    name: 'annals-persisted-documents',
    generateBundle() {
      const manifest = Object.fromEntries(OPERATIONS.map((text) => [createHash('sha256').update(text).digest('hex'), text]));
      this.emitFile({ type: 'asset', fileName: 'persisted-documents.json', source: `${JSON.stringify(manifest, null, 2)}\n` });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  plugins: [persistedDocumentsPlugin()],
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
