import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` puts the explorer's static bundle. */
export const WEB_DIR = resolve(fileURLToPath(import.meta.url), '../../../dist/web');
/** Where `npm run build:ide` puts GraphiQL's static bundle, served at /graphiql. */
export const IDE_DIR = resolve(fileURLToPath(import.meta.url), '../../../dist/graphiql');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the explorer bundle: a file when the path names one, else index.html (the page keeps its
 * state in the URL). Returns false when there is no bundle, so the caller can say how to build it.
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, dir: string = WEB_DIR): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const wanted = normalize(join(dir, decodeURIComponent(pathname)));
  const inside = wanted.startsWith(dir + sep) && existsSync(wanted) && statSync(wanted).isFile();
  const file = inside ? wanted : index;
  const immutable = inside && file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
