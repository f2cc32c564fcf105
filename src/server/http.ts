import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { AnnalsError } from '../errors.js';
import { exportRequestFrom, exportSlice } from '../export/export.js';
import { serveStatic } from './static.js';
import type { Logger } from '../logger.js';
import type { Context } from './context.js';

export const MAX_BODY_BYTES = 1_000_000;

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Node http in front of Apollo: /graphql (GET and POST), /health, and 404 for the rest. */
export function createHttpServer(
  apollo: ApolloServer<Context>,
  makeContext: (authorization: string | undefined) => Context,
  health: () => Promise<boolean>,
  logger: Logger,
): Server {
  /** GET /export/<format>?around=&depth=&from=&to=&types=&relationshipTypes=&lang= (same auth as reads). */
  async function serveExport(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const context = makeContext(req.headers.authorization);
      const format = decodeURIComponent(url.pathname.slice('/export/'.length));
      const out = await exportSlice(context.executor, exportRequestFrom(format, (k) => url.searchParams.get(k) ?? undefined));
      res.writeHead(200, { 'content-type': out.contentType, 'content-disposition': `inline; filename="${out.filename}"` });
      res.end(req.method === 'HEAD' ? undefined : out.body);
    } catch (err) {
      if (!(err instanceof AnnalsError)) throw err;
      const status = (err.extensions['http'] as { status?: number } | undefined)?.status ?? (err.code === 'NOT_FOUND' ? 404 : 400);
      sendJson(res, status, { errors: [{ message: err.message, extensions: { code: err.code, field: err.extensions['field'] } }] });
    }
  }

  return createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      logger.error({ err }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const started = performance.now();
    logger.trace({ req: { method: req.method, path: url.pathname, headers: req.headers } }, 'request');
    res.on('finish', () =>
      logger.info({ method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request done'),
    );
    if (url.pathname === '/health') {
      const ok = await health().catch(() => false);
      return sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'database unavailable' });
    }
    if (url.pathname.startsWith('/export/') && (req.method === 'GET' || req.method === 'HEAD')) return serveExport(req, res, url);
    if (url.pathname !== '/graphql') {
      if ((req.method === 'GET' || req.method === 'HEAD') && serveStatic(req, res, url.pathname)) return;
      return sendJson(res, 404, { error: 'not found: the API is at /graphql, exports at /export/<format>; build the explorer at / with npm run build:web' });
    }
    const text = req.method === 'POST' ? await readBody(req) : '';
    if (text === null) {
      // The rest of the body is unread, so this connection cannot carry another request.
      res.setHeader('connection', 'close');
      return sendJson(res, 413, { errors: [{ message: `request body over ${MAX_BODY_BYTES} bytes`, extensions: { code: 'BAD_USER_INPUT' } }] });
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = text;
    if (text !== '' && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(text);
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    // Who is asking is settled before Apollo sees the request: a bad token is a 401, not a 500.
    let context: Context;
    try {
      context = makeContext(headers.get('authorization'));
    } catch (err) {
      if (!(err instanceof AnnalsError)) throw err;
      const status = (err.extensions['http'] as { status?: number } | undefined)?.status ?? 400;
      return sendJson(res, status, { errors: [{ message: err.message, extensions: { code: err.code } }] });
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => context,
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}
