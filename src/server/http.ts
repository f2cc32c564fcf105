import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { AnnalsError } from '../errors.js';
import { readBody } from './body.js';
import { BOOKMARK_HEADER, bookmarkHeaderValue } from './bookmark-header.js';
import { serveExport } from './export-route.js';
import { IDE_SECURITY_POLICY, parseRequestUrl, setSecurityHeaders } from './hardening.js';
import { isReconcilePath, serveReconcile } from './reconcile-route.js';
import { IDE_DIR, serveStatic } from './static.js';
import { applyTrustedDocuments, mayRunAnyDocument, type TrustedDocuments } from './trusted-documents.js';
import { isJsonContentType, type HotOperations } from './hot-operations.js';
import type { Logger } from '../logger.js';
import type { Context } from '../graphql/context.js';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The code of a refusal before execution, and the field it names (e.g. `Annals-Bookmark`), if any. */
function refusalExtensions(err: AnnalsError): Record<string, unknown> {
  const field = err.extensions['field'];
  return typeof field === 'string' ? { code: err.code, field } : { code: err.code };
}

export interface HttpOptions {
  apollo: ApolloServer<Context>;
  /** The context of one request; throws a coded AnnalsError (401, 403, 400) to refuse it. */
  makeContext: (authorization: string | undefined, requestId: string, bookmarkHeader: string | string[] | undefined) => Context;
  /** Whether the database answers (readiness). */
  ready: () => Promise<boolean>;
  /** Whether the process can still serve at all (liveness). */
  live: () => boolean;
  logger: Logger;
  maxBodyBytes: number;
  /** Time budget of one export (ANNALS_EXPORT_TIMEOUT_MS). */
  exportBudgetMs?: number;
  /** Whether reads need a token (ANNALS_READ_TOKEN set): the reconciliation manifest then says so. */
  privateReads?: boolean;
  /** The served schema in SDL, for /schema.graphql; null when introspection is off. */
  schemaSdl?: () => string | null;
  /** Only these operations run, unless the caller holds a write token (ANNALS_TRUSTED_DOCUMENTS). */
  trustedDocuments?: TrustedDocuments;
  /** The hot path of repeated queries, asked before Apollo. */
  hot?: HotOperations;
}

/** After a write, its bookmark (else the one given): sent back on the next request (to any process), reads see the write. */
function setBookmarkHeader(res: ServerResponse, context: Context): void {
  const bookmark = bookmarkHeaderValue(context.executor.bookmarks.made, context.executor.bookmarks.given);
  if (bookmark !== undefined) res.setHeader(BOOKMARK_HEADER, bookmark);
}

/** A caller's x-request-id when it looks like one, else a new id; echoed in the response. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
}

/**
 * What Node http serves in front of Apollo: /graphql (GET and POST), /export/<format>, /reconcile
 * (the W3C Reconciliation Service API, see reconcile-route.ts), /healthz
 * (the process can serve: 503 once the embedded Neo4j is given up on), /readyz and /health (the
 * database answers), and the explorer bundle at /. Every response carries the headers of
 * hardening.ts. A listener, not a server: the server exists first, for Apollo's drain plugin.
 */
export function httpHandler({
  apollo,
  makeContext,
  ready,
  live,
  logger,
  maxBodyBytes,
  exportBudgetMs = 15_000,
  privateReads = false,
  schemaSdl = () => null,
  trustedDocuments,
  hot,
}: HttpOptions): RequestListener {
  /** The context of a read, or false once the refusal (a bad or missing token) has been sent. */
  function readContext(req: IncomingMessage, res: ServerResponse, requestId: string): Context | false {
    try {
      return makeContext(req.headers.authorization, requestId, req.headers[BOOKMARK_HEADER]);
    } catch (err) {
      if (!(err instanceof AnnalsError)) throw err;
      const status = (err.extensions['http'] as { status?: number } | undefined)?.status ?? 400;
      sendJson(res, status, { errors: [{ message: err.message, extensions: refusalExtensions(err) }] });
      return false;
    }
  }

  /** GET /export/<format>?around=&depth=&from=&to=&types=&relationshipTypes=&lang= (same auth as reads). */
  async function exportRoute(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const context = readContext(req, res, requestId);
    if (context !== false) await serveExport(req, res, url, context, exportBudgetMs);
  }

  /** GET /schema.graphql: the served schema in SDL, to whoever may read (not at all with introspection off). */
  function schemaRoute(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    if (readContext(req, res, requestId) === false) return;
    const sdl = schemaSdl();
    if (sdl === null)
      return sendJson(res, 404, {
        errors: [
          { message: 'the schema is not published: introspection is off (ANNALS_INTROSPECTION=false)', extensions: { code: 'NOT_FOUND' } },
        ],
      });
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : sdl);
  }

  /** /graphiql: the GraphiQL bundle, under the policy of an IDE page (hardening.ts). */
  function ideRoute(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    res.setHeader('content-security-policy', IDE_SECURITY_POLICY);
    if (serveStatic(req, res, pathname.slice('/graphiql'.length) || '/', IDE_DIR)) return;
    sendJson(res, 404, { error: 'GraphiQL is not built: run npm run build:ide (npm start does)' });
  }

  return (req, res) => {
    setSecurityHeaders(res);
    void handle(req, res).catch((err: unknown) => {
      logger.error({ err }, 'http handler failed');
      if (!res.headersSent)
        sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestUrl(req.url);
    const path = url?.pathname ?? '(malformed)';
    const started = performance.now();
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    // Per request, only what the log level will print: no objects built or listeners added for lines dropped.
    if (logger.isLevelEnabled('trace'))
      logger.trace({ reqId: requestId, req: { method: req.method, path, headers: req.headers } }, 'request');
    if (logger.isLevelEnabled('info'))
      res.on('finish', () =>
        logger.info(
          { reqId: requestId, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) },
          'request done',
        ),
      );
    if (url === null) {
      return sendJson(res, 400, {
        errors: [{ message: 'malformed request URL (bad percent-encoding?)', extensions: { code: 'BAD_REQUEST' } }],
      });
    }
    if (url.pathname === '/healthz') {
      return live()
        ? sendJson(res, 200, { status: 'ok' })
        : sendJson(res, 503, { status: 'the embedded Neo4j is gone and no longer restarted' });
    }
    if (url.pathname === '/readyz' || url.pathname === '/health') {
      const ok = await ready().catch(() => false);
      return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unavailable' });
    }
    if (url.pathname.startsWith('/export/') && (req.method === 'GET' || req.method === 'HEAD'))
      return exportRoute(req, res, url, requestId);
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (url.pathname === '/schema.graphql' && reading) return schemaRoute(req, res, requestId);
    if ((url.pathname === '/graphiql' || url.pathname.startsWith('/graphiql/')) && reading) return ideRoute(req, res, url.pathname);
    if (isReconcilePath(url.pathname))
      return serveReconcile(req, res, url, {
        makeContext: (authorization) => makeContext(authorization, requestId, req.headers[BOOKMARK_HEADER]),
        privateReads,
        maxBodyBytes,
      });
    if (url.pathname !== '/graphql') {
      if (reading && serveStatic(req, res, url.pathname)) return;
      return sendJson(res, 404, {
        error:
          'not found: the API is at /graphql (GraphiQL at /graphiql, the SDL at /schema.graphql), exports at /export/<format>, reconciliation at /reconcile; build the explorer at / with npm run build:web',
      });
    }
    const text = req.method === 'POST' ? await readBody(req, maxBodyBytes) : '';
    if (text === null) {
      // The rest of the body is unread, so this connection cannot carry another request.
      res.setHeader('connection', 'close');
      return sendJson(res, 413, {
        errors: [{ message: `request body over ${maxBodyBytes} bytes (limit maxBodyBytes)`, extensions: { code: 'BAD_USER_INPUT' } }],
      });
    }
    let body: unknown = text;
    if (text !== '' && (req.headers['content-type'] ?? '').includes('application/json')) {
      try {
        body = JSON.parse(text);
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    // Who is asking is settled before Apollo sees the request: a bad token is a 401, not a 500.
    const context = readContext(req, res, requestId);
    if (context === false) return;
    let search = url.search;
    // Under trusted documents, what is not registered is refused here, before it is parsed.
    if (trustedDocuments !== undefined && !mayRunAnyDocument(context.principal)) {
      const trusted = applyTrustedDocuments(trustedDocuments, req.method ?? 'GET', body, url.searchParams);
      if ('code' in trusted)
        return sendJson(res, trusted.status, { errors: [{ message: trusted.message, extensions: { code: trusted.code } }] });
      body = trusted.body;
      search = trusted.search;
    }
    const hotPath = hot !== undefined && req.method === 'POST' && isJsonContentType(req.headers['content-type']);
    const answer = hotPath ? await hot.answer(body, req.headers.accept, context) : undefined;
    if (answer !== undefined) {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      setBookmarkHeader(res, context);
      res.end(answer);
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
      context: async () => context,
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    setBookmarkHeader(res, context);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}
