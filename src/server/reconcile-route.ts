/**
 * /reconcile: the W3C Reconciliation Service API 0.2 over HTTP (domain/reconcile.ts does the work).
 *
 * - GET /reconcile: the service manifest (no token needed, even when reads are private).
 * - POST /reconcile with a form-encoded `queries=<JSON batch>` (what the spec requires and OpenRefine
 *   sends), or GET /reconcile?queries=<JSON batch>: the result batch. At most 100 queries (413
 *   beyond), run as one piece of expensive work under the fair share (503 + Retry-After when busy)
 *   and within the request's time budget.
 * - GET /reconcile/preview?id=<id>: a small HTML card for OpenRefine's iframe.
 * - GET /reconcile/suggest/entity|type|property?prefix=…&cursor=…: suggest services.
 *
 * CORS is on for every endpoint (the spec requires it): `Access-Control-Allow-Origin: *`, and
 * preflights are answered. Reading is all these do, so any origin may; with ANNALS_READ_TOKEN set
 * a token is needed as for GraphQL reads (a bad one is 401). JSONP (optional in 0.2) is refused: it
 * would run our answer as script in the caller's page. Every refusal is coded JSON, never a stack.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { identifiersFromStored } from '../dataset/fields.js';
import { getEntity } from '../domain/lookup.js';
import { parseQueryBatch, reconcile, reconcileManifest, suggestEntities, suggestProperties, suggestTypes } from '../domain/reconcile.js';
import { AnnalsError, badInput, ErrorCode } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { formatDateLabel, tryParseDate } from '../model/dates.js';
import { identifierUri } from '../model/identifiers.js';
import type { CitationRecord, EntityRecord } from '../model/records.js';
import { LABEL_OF_TYPE } from '../model/vocabulary.js';
import { readBody } from './body.js';

export const RECONCILE_PATH = '/reconcile';

export const isReconcilePath = (path: string): boolean => path === RECONCILE_PATH || path.startsWith(`${RECONCILE_PATH}/`);

export interface ReconcileRouteOptions {
  /** The request's context; throws UNAUTHENTICATED (401) for a bad token, or a missing one when reads are private. */
  makeContext: (authorization: string | undefined) => Context;
  privateReads: boolean;
  maxBodyBytes: number;
}

const CORS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, X-Request-Id',
  'access-control-expose-headers': 'Retry-After, X-Request-Id',
  'access-control-max-age': '600',
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers })
    .end(text);
}

/** A coded JSON error, as /graphql and the exports send them. */
function sendError(res: ServerResponse, err: AnnalsError): void {
  const status =
    (err.extensions['http'] as { status?: number } | undefined)?.status ??
    (err.code === ErrorCode.NOT_FOUND ? 404 : err.code === ErrorCode.DATABASE_UNAVAILABLE ? 503 : 400);
  const headers: Record<string, string> = {};
  const retryAfter = err.extensions['retryAfterSeconds'];
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  if (status === 413) headers['connection'] = 'close';
  const { http: _http, ...extensions } = err.extensions;
  sendJson(res, status, { errors: [{ message: err.message, extensions }] }, headers);
}

/** The request itself is not one this route takes (method, content type): BAD_REQUEST with its HTTP status. */
const badRequest = (status: number, message: string): AnnalsError => new AnnalsError(ErrorCode.BAD_REQUEST, message, { http: { status } });

/** scheme://host of this server as the client reached it (Host checked; X-Forwarded-Proto http or https only). */
function baseUrl(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-proto'];
  const scheme = forwarded === 'https' ? 'https' : 'http';
  const host = req.headers.host;
  if (host !== undefined && /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/.test(host)) return `${scheme}://${host}`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `${scheme}://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort ?? 80}`;
}

/** Serves one request under /reconcile; every answer carries the CORS headers. */
export async function serveReconcile(req: IncomingMessage, res: ServerResponse, url: URL, opts: ReconcileRouteOptions): Promise<void> {
  for (const [name, value] of Object.entries(CORS)) res.setHeader(name, value);
  try {
    await route(req, res, url, opts);
  } catch (err) {
    if (!(err instanceof AnnalsError) || res.headersSent) throw err;
    sendError(res, err);
  }
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, opts: ReconcileRouteOptions): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  const read = method === 'GET' || method === 'HEAD';
  if (!read && !(method === 'POST' && url.pathname === RECONCILE_PATH)) {
    res.setHeader('allow', url.pathname === RECONCILE_PATH ? 'GET, HEAD, POST, OPTIONS' : 'GET, HEAD, OPTIONS');
    throw badRequest(405, `${method} is not served at ${url.pathname}`);
  }
  const params = url.searchParams;
  if (params.has('callback')) throw badInput('JSONP is not offered: call this service with CORS (it answers any origin)', 'callback');
  const context = (): Context => opts.makeContext(req.headers.authorization);

  switch (url.pathname) {
    case RECONCILE_PATH: {
      let queries = params.get('queries');
      if (method === 'POST') queries = await formQueries(req, opts.maxBodyBytes);
      if (params.has('extend')) throw badInput('data extension is not offered by this service (see the manifest)', 'extend');
      if (queries === null) {
        // The manifest is open to all; a token that is there must still be a good one (the spec: 401).
        if (req.headers.authorization !== undefined) context();
        return sendJson(res, 200, reconcileManifest(baseUrl(req), { privateReads: opts.privateReads }));
      }
      const ctx = context();
      const batch = parseQueryBatch(queries);
      return sendJson(res, 200, await ctx.expensive('reconcile', () => reconcile(ctx.executor, batch)));
    }
    case `${RECONCILE_PATH}/suggest/entity`: {
      const ctx = context();
      return sendJson(
        res,
        200,
        await suggestEntities(ctx.executor, { prefix: params.get('prefix'), cursor: params.get('cursor'), type: params.get('type') }),
      );
    }
    case `${RECONCILE_PATH}/suggest/type`:
      context();
      return sendJson(res, 200, suggestTypes({ prefix: params.get('prefix'), cursor: params.get('cursor') }));
    case `${RECONCILE_PATH}/suggest/property`:
      context();
      return sendJson(res, 200, suggestProperties({ prefix: params.get('prefix'), cursor: params.get('cursor') }));
    case `${RECONCILE_PATH}/preview`:
      return preview(res, context(), params.get('id'), baseUrl(req));
    default:
      throw new AnnalsError(ErrorCode.NOT_FOUND, `${url.pathname} is not a reconciliation endpoint: see the manifest at ${RECONCILE_PATH}`);
  }
}

/** The `queries` field of a form-encoded POST body (null when absent: the manifest is asked for). */
async function formQueries(req: IncomingMessage, maxBodyBytes: number): Promise<string | null> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw badRequest(
      415,
      'POST /reconcile takes application/x-www-form-urlencoded with a queries field (the JSON batch), as the Reconciliation API 0.2 says',
    );
  const body = await readBody(req, maxBodyBytes);
  if (body === null)
    throw new AnnalsError(ErrorCode.BAD_USER_INPUT, `request body over ${maxBodyBytes} bytes (limit maxBodyBytes)`, {
      http: { status: 413 },
    });
  const form = new URLSearchParams(body);
  if (form.has('extend')) throw badInput('data extension is not offered by this service (see the manifest)', 'extend');
  const queries = form.get('queries');
  if (queries === null) throw badInput('the form has no queries field (the JSON batch of reconciliation queries)', 'queries');
  return queries;
}

// -------------------------------------------------------------------------------------- preview

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const PREVIEW_STYLE = [
  'body{margin:0;padding:8px 10px;font:13px/1.45 system-ui,sans-serif;color:#1d1d1f;background:#fff}',
  'h1{font-size:16px;margin:0 0 2px}',
  'p{margin:2px 0}',
  '.meta{color:#555;font-size:12px}',
  'ul{margin:4px 0;padding-left:16px}',
  'blockquote{margin:6px 0 0;padding-left:8px;border-left:3px solid #c8a24a}',
  'a{color:#0b5cad}',
].join('');
const PREVIEW_STYLE_HASH = createHash('sha256').update(PREVIEW_STYLE).digest('base64');
/**
 * The preview may be framed by any page (OpenRefine shows it in an iframe, from wherever it runs),
 * and may do nothing else: no script, nothing loaded, its one style allowed by hash.
 */
export const PREVIEW_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${PREVIEW_STYLE_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

const TYPE_ZH: Record<string, string> = {
  Person: '人物',
  Organization: '组织',
  Event: '事件',
  Initiative: '举措',
  Place: '地点',
  Source: '史料',
};

/** The card's HTML: every text escaped, every link made here (the view URL, identifier URIs). */
export function previewHtml(e: EntityRecord, citations: readonly (CitationRecord & { sourceTitle: string })[], base: string): string {
  const label = LABEL_OF_TYPE[e.type];
  const view = `${base}/?entity=${encodeURIComponent(e.id)}`;
  const english = e.nameValues.find((_, n) => e.nameLangs[n] === 'en' && e.nameKinds[n] === 'PRIMARY');
  const pinyin = e.nameValues.find((_, n) => e.nameLangs[n] === 'pinyin');
  const date = e.edtf ? tryParseDate(e.edtf) : null;
  const ids = identifiersFromStored(e);
  const lines = [
    '<!doctype html>',
    `<html lang="zh-Hans"><head><meta charset="utf-8"><title>${escapeHtml(e.name)}</title><style>${PREVIEW_STYLE}</style></head><body>`,
    `<p class="meta">${escapeHtml(`${TYPE_ZH[label] ?? ''} · ${label}`)}${e.kind ? escapeHtml(` · ${e.kind}`) : ''}</p>`,
    `<h1><a href="${escapeHtml(view)}" target="_blank" rel="noopener noreferrer">${escapeHtml(e.name)}</a></h1>`,
    english || pinyin ? `<p lang="en">${escapeHtml([english, pinyin].filter(Boolean).join(' · '))}</p>` : '',
    date ? `<p>${escapeHtml(`${formatDateLabel(date, 'zh')} · ${formatDateLabel(date, 'en')}`)}</p>` : '',
    e.descriptionZh ? `<p>${escapeHtml(e.descriptionZh)}</p>` : '',
    e.descriptionEn ? `<p lang="en" class="meta">${escapeHtml(e.descriptionEn)}</p>` : '',
    ids.length > 0
      ? `<ul>${ids
          .map(
            (i) =>
              `<li><a href="${escapeHtml(identifierUri(i))}" target="_blank" rel="noopener noreferrer">${escapeHtml(`${i.scheme} ${i.value}`)}</a></li>`,
          )
          .join('')}</ul>`
      : '',
    ...citations.map(
      (c) =>
        `<blockquote><q>${escapeHtml(c.quote)}</q><br><span class="meta">${escapeHtml(`${c.sourceTitle} · 第 ${c.line} 行`)}</span></blockquote>`,
    ),
    '</body></html>',
  ];
  return lines.filter((l) => l !== '').join('\n');
}

/** At most this many quotes on a card. */
const PREVIEW_CITATIONS = 2;

async function preview(res: ServerResponse, context: Context, id: string | null, base: string): Promise<void> {
  if (id === null) throw badInput('id is missing: /reconcile/preview?id=<entity id>', 'id');
  const entity = await getEntity(context.loaders, id);
  const citations = (await context.loaders.citations.load(entity.id)).slice(0, PREVIEW_CITATIONS);
  const sources = await context.loaders.entity.loadMany([...new Set(citations.map((c) => c.sourceId))]);
  const titles = new Map(sources.flatMap((s) => (s === null || s instanceof Error ? [] : [[s.id, s.title ?? s.name] as const])));
  const html = previewHtml(
    entity,
    citations.map((c) => ({ ...c, sourceTitle: titles.get(c.sourceId) ?? c.sourceId })),
    base,
  );
  res.setHeader('content-security-policy', PREVIEW_CSP);
  res.removeHeader('x-frame-options');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(html)) }).end(html);
}
