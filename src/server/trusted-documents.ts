// Trusted documents (ANNALS_TRUSTED_DOCUMENTS=manifest.json): on a public deployment only the
// operations a front end registered at build time run. The manifest is what GraphQL Code
// Generator's client preset writes with `persistedDocuments: true` (persisted-documents.json: an
// object from each document's hash to its text); hashes are SHA-256 (the preset's
// `hashAlgorithm: 'sha256'`, as Apollo's persisted-query link sends) or SHA-1 (its default), each
// checked against its text when the manifest is loaded. A client sends a hash as
// `extensions.persistedQuery.sha256Hash` (APQ links) or as `documentId` (the GraphQL-over-HTTP
// persisted documents draft, with or without a `sha256:` prefix); a registered document sent in
// full runs too. Anything else is refused before it is parsed. Write-token holders (curators) may
// run any document: they are trusted with the graph itself, and use the IDE and `annals query`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { WEB_DIR } from './static.js';
import { ErrorCode } from '../errors.js';
import type { Principal } from '../auth/tokens.js';

export interface TrustedDocuments {
  /** Where the manifest was read from (logged at start). */
  source: string;
  /** Each registered document by its hash (lower-case hex) and by the SHA-256 of its text. */
  byHash: ReadonlyMap<string, string>;
}

const sha = (algorithm: 'sha1' | 'sha256', text: string) => createHash(algorithm).update(text, 'utf8').digest('hex');

/**
 * Reads and checks manifests: each a JSON object of hash → document, every hash the SHA-256 (64 hex
 * digits) or SHA-1 (40) of its document, every document valid GraphQL. Throws one message naming
 * the file and what is wrong. Several manifests (a front end's and the explorer's) add up.
 */
export function loadTrustedDocuments(...paths: [string, ...string[]]): TrustedDocuments {
  const byHash = new Map<string, string>();
  for (const path of paths) readManifest(path, byHash);
  if (byHash.size === 0) throw new Error(`ANNALS_TRUSTED_DOCUMENTS=${paths[0]}: it registers no document, so nothing could run`);
  return { source: paths.join(', '), byHash };
}

/**
 * The trusted documents of ANNALS_TRUSTED_DOCUMENTS (undefined: the mode is off), with the
 * explorer's own (persisted-documents.json of its build, when built), so the page at / keeps working.
 */
export function trustedDocumentsOf(manifest: string | undefined, webDir: string = WEB_DIR): TrustedDocuments | undefined {
  if (manifest === undefined) return undefined;
  const explorer = join(webDir, 'persisted-documents.json');
  return loadTrustedDocuments(manifest, ...(existsSync(explorer) ? [explorer] : []));
}

function readManifest(path: string, byHash: Map<string, string>): void {
  const fail = (why: string): never => {
    throw new Error(`ANNALS_TRUSTED_DOCUMENTS=${path}: ${why}`);
  };
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return fail(`cannot read it as JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
    return fail('expected an object of hash → document, as the client preset writes with persistedDocuments');
  for (const [key, text] of Object.entries(manifest)) {
    if (typeof text !== 'string') return fail(`the document of ${key} is not a string`);
    const hash = key.toLowerCase();
    const algorithm = /^[0-9a-f]{64}$/.test(hash) ? 'sha256' : /^[0-9a-f]{40}$/.test(hash) ? 'sha1' : null;
    if (algorithm === null) return fail(`${key} is not a SHA-256 or SHA-1 hash in hex`);
    if (sha(algorithm, text) !== hash) return fail(`${key} is not the ${algorithm} of its document`);
    try {
      parse(text);
    } catch (err) {
      return fail(`the document of ${key} is not GraphQL: ${err instanceof Error ? err.message : String(err)}`);
    }
    byHash.set(hash, text);
    byHash.set(sha('sha256', text), text);
  }
}

/** Whether a principal may run documents that are not registered: write-token holders only. */
export const mayRunAnyDocument = (principal: Principal): boolean => principal.kind === 'curator' && principal.role === 'write';

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

const ONLY: Refusal = {
  status: 400,
  code: ErrorCode.PERSISTED_QUERY_ONLY,
  message:
    'This server runs only registered operations (trusted documents): send the hash of a registered document as extensions.persistedQuery.sha256Hash or documentId (a write token may run any document).',
};
const notFound = (hash: string): Refusal => ({
  status: 400,
  code: 'PERSISTED_QUERY_NOT_FOUND',
  message: `No registered document has the hash ${hash.slice(0, 80)}.`,
});

/** The hash a request names, if any: documentId (optionally `sha256:`/`sha1:`-prefixed) or APQ's. */
function hashOf(documentId: unknown, extensions: unknown): string | null | Refusal {
  if (documentId !== undefined && documentId !== null) {
    if (typeof documentId !== 'string') return { ...ONLY, code: ErrorCode.BAD_REQUEST, message: 'documentId must be a string' };
    return documentId.replace(/^sha(1|256):/i, '').toLowerCase();
  }
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  if (persisted === undefined || persisted === null) return null;
  if (typeof persisted.sha256Hash !== 'string')
    return { ...ONLY, code: ErrorCode.BAD_REQUEST, message: 'extensions.persistedQuery.sha256Hash must be a string' };
  return persisted.sha256Hash.toLowerCase();
}

/** The registered document a request names (by hash, or its text in full), or why it may not run. */
function resolveDocument(docs: TrustedDocuments, query: unknown, documentId: unknown, extensions: unknown): string | Refusal {
  const hash = hashOf(documentId, extensions);
  if (typeof hash === 'object' && hash !== null) return hash;
  if (hash !== null) {
    const text = docs.byHash.get(hash);
    if (text === undefined) return notFound(hash);
    // A client may send the text beside the hash (APQ's registration): it must be that document.
    if (query !== undefined && query !== null && query !== text) return ONLY;
    return text;
  }
  if (typeof query === 'string' && docs.byHash.get(sha('sha256', query)) === query) return query;
  return ONLY;
}

const withoutPersistedQuery = (extensions: unknown): unknown => {
  if (typeof extensions !== 'object' || extensions === null) return extensions;
  const { persistedQuery: _dropped, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length === 0 ? undefined : rest;
};

/**
 * A request as Apollo should see it under trusted documents: the registered document's text in
 * `query`, no hash left for APQ. POST bodies are JSON objects here (http.ts parsed them); GET
 * requests carry the same fields as URL parameters (`extensions` as JSON).
 */
export function applyTrustedDocuments(
  docs: TrustedDocuments,
  method: string,
  body: unknown,
  search: URLSearchParams,
): { body: unknown; search: string } | Refusal {
  if (method === 'GET' || method === 'HEAD') {
    let extensions: unknown;
    const rawExtensions = search.get('extensions');
    try {
      extensions = rawExtensions === null ? undefined : JSON.parse(rawExtensions);
    } catch {
      return { ...ONLY, code: ErrorCode.BAD_REQUEST, message: 'the extensions parameter is not valid JSON' };
    }
    const text = resolveDocument(docs, search.get('query') ?? undefined, search.get('documentId') ?? undefined, extensions);
    if (typeof text !== 'string') return text;
    const params = new URLSearchParams(search);
    params.set('query', text);
    params.delete('documentId');
    const rest = withoutPersistedQuery(extensions);
    if (rest === undefined) params.delete('extensions');
    else params.set('extensions', JSON.stringify(rest));
    return { body, search: `?${params.toString()}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ONLY;
  const { query, documentId, extensions, ...rest } = body as Record<string, unknown>;
  const text = resolveDocument(docs, query, documentId, extensions);
  if (typeof text !== 'string') return text;
  const kept = withoutPersistedQuery(extensions);
  return { body: { ...rest, query: text, ...(kept === undefined ? {} : { extensions: kept }) }, search: `?${search.toString()}` };
}
