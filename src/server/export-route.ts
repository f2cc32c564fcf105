/**
 * GET /export/<format>: checked first (400 before any work), then run under the request's fair
 * share (503 + Retry-After when the server is busy) and a time budget, and streamed.
 *
 * The first 64 KiB are held back before the status line goes out, so a small export, and any
 * export that fails early, still gets a proper status and coded JSON error. Once bytes have gone
 * out, a failure (the budget, the database) aborts the connection: the response then lacks its
 * final chunk, which every HTTP client reports as an error, and a truncated CSV can never be
 * mistaken for a complete one (a trailing error line would be read as data).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AnnalsError } from '../errors.js';
import { exportRequestFrom, openExport } from '../export/export.js';
import type { Context } from '../graphql/context.js';

const HOLD_BYTES = 64 * 1024;

function sendError(res: ServerResponse, err: AnnalsError): void {
  const status = (err.extensions['http'] as { status?: number } | undefined)?.status ?? (err.code === 'NOT_FOUND' ? 404 : 400);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const retryAfter = err.extensions['retryAfterSeconds'];
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  const { http: _http, ...extensions } = err.extensions;
  res.writeHead(status, headers).end(JSON.stringify({ errors: [{ message: err.message, extensions }] }));
}

/** Serves one export; `budgetMs` bounds the time it may take once it has its slot. */
export async function serveExport(req: IncomingMessage, res: ServerResponse, url: URL, context: Context, budgetMs: number): Promise<void> {
  let opened;
  try {
    const format = decodeURIComponent(url.pathname.slice('/export/'.length));
    opened = await openExport(
      context.executor,
      exportRequestFrom(format, (k) => url.searchParams.get(k) ?? undefined),
    );
  } catch (err) {
    if (err instanceof AnnalsError) return sendError(res, err);
    throw err;
  }
  const headers = { 'content-type': opened.contentType, 'content-disposition': `inline; filename="${opened.filename}"` };
  if (req.method === 'HEAD') {
    res.writeHead(200, headers).end();
    return;
  }
  let closed = false;
  res.once('close', () => (closed = true));
  try {
    await context.expensive('export', async () => {
      let held: string[] = [];
      let heldBytes = 0;
      let streaming = false;
      for await (const piece of opened.write(budgetMs)) {
        if (closed) return; // the client left: stop reading the graph (the generator's finally runs)
        if (!streaming) {
          held.push(piece);
          heldBytes += Buffer.byteLength(piece);
          if (heldBytes < HOLD_BYTES) continue;
          res.writeHead(200, headers);
          streaming = true;
          for (const p of held) res.write(p);
          held = [];
          continue;
        }
        if (!res.write(piece)) await drainedOrClosed(res);
      }
      if (streaming) res.end();
      else {
        const body = held.join('');
        res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(body)) }).end(body);
      }
    });
  } catch (err) {
    if (res.headersSent) {
      context.logger.warn(
        { err: err instanceof AnnalsError ? err.message : err },
        'export stopped after its first bytes; connection aborted',
      );
      res.destroy();
      return;
    }
    if (err instanceof AnnalsError) return sendError(res, err);
    throw err;
  }
}

/** Waits until the response can take more, or is gone; the listener not fired is removed (one per wait would pile up). */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((ok) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      ok();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
