// Builds GraphiQL (src/web/ide) into the static bundle that the server serves at /graphiql
// (dist/graphiql), with the README's example queries as its tabs (`virtual:readme-examples`, made
// from README.md at build time by src/web/ide/examples.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { readmeExamples } from './src/web/ide/examples.js';

const README = fileURLToPath(new URL('./README.md', import.meta.url));
const VIRTUAL = 'virtual:readme-examples';

/** The README's operations as a module; the README is watched, so a dev server follows edits. */
function readmeExamplesPlugin(): Plugin {
  return {
    name: 'annals-readme-examples',
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : null),
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      this.addWatchFile(README);
      return `export default ${JSON.stringify(readmeExamples(readFileSync(README, 'utf8')))};`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/web/ide', import.meta.url)),
  base: '/graphiql/',
  publicDir: false,
  logLevel: 'warn',
  plugins: [readmeExamplesPlugin()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: fileURLToPath(new URL('./dist/graphiql', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // GraphiQL with React and CodeMirror 5: about 1.2 MB of script and 0.4 MB of CSS.
    chunkSizeWarningLimit: 2500,
    reportCompressedSize: false,
    // Files stay files: the only data: URLs are the fonts and icons inside GraphiQL's own stylesheet.
    assetsInlineLimit: 0,
    rolldownOptions: {
      // framer-motion's "use client" directives mean nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
