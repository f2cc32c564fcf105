import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where tsx's ESM API is. import.meta.resolve is missing under vite's module runner (vitest's global
 * setup), and tsx's CommonJS build of the API cannot register from a worker, so the ESM file next
 * to it is taken.
 */
function tsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
  }
}

/**
 * Starts a worker thread on a module. A TypeScript module (npm start, the CLI, tests, benches all
 * run through tsx) loads through tsx, whose loader is registered per thread: the worker registers
 * it before importing the module.
 */
export function startModuleWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const bootstrap = `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
