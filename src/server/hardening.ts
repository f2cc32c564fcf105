import type { ServerResponse } from 'node:http';

/**
 * Sent with every response. The explorer is one bundle served from here that loads nothing from
 * the network (vite.config.ts keeps assets as files, no data: URLs), so 'self' is all it needs;
 * no page may frame ours (clickjacking), no content type is guessed, no URL leaks as a referrer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    // Cytoscape adds one <style> of fixed text (".__________cytoscape_container { position: relative; }"):
    // allowed by its hash, so no other inline style is.
    "style-src 'self' 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
};

/**
 * The policy of /graphiql, GraphiQL's bundle: the same 'self' for scripts and connections (nothing
 * loads from elsewhere and nothing is sent elsewhere), plus what GraphiQL's own stylesheet holds
 * inline: its fonts and icons as data: URLs (data: cannot reach the network).
 */
export const IDE_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** The URL of the API's own path, shared by its requests: nothing writes to a request's URL (its setters would change it for all). */
const GRAPHQL_URL = new URL('/graphql', 'http://localhost');

/**
 * The request target as a URL whose path decodes, or null: a malformed target (`/%ff`,
 * `/export/%`, an absolute form such as `http://[`) is the client's mistake, a 400, not a 500.
 */
export function parseRequestUrl(target: string | undefined): URL | null {
  // Nearly every request is POST /graphql: its URL is parsed once (~8 µs a request otherwise).
  if (target === '/graphql') return GRAPHQL_URL;
  try {
    const url = new URL(target ?? '/', 'http://localhost');
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return null;
  }
}
