import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AnnalsError, ErrorCode } from '../errors.js';

/** write: facts; propose: drafts for review (never facts); read: reads when they are private. */
export type Role = 'write' | 'propose' | 'read';
export const ROLES: readonly Role[] = ['write', 'propose', 'read'];

export interface ConfiguredToken {
  curator: string;
  role: Role;
  /** SHA-256 of the token, 32 bytes. */
  hash: Buffer;
}

/** Who is asking: nobody (no header), or the curator a valid token belongs to. */
export type Principal = { kind: 'anonymous' } | { kind: 'curator'; curator: string; role: Role };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A new random token and the configuration entry that stores only its hash. */
export function newToken(curator: string, role: Role): { token: string; entry: string } {
  const token = `annals_${randomBytes(32).toString('base64url')}`;
  return { token, entry: `${curator}:${role}:sha256:${hashToken(token).toString('hex')}` };
}

const CURATOR = '[\\p{L}\\p{N}_.@-]{1,64}';
const ENTRY = new RegExp(`^(${CURATOR}):(write|propose|read):sha256:([0-9a-f]{64})$`, 'u');
const CURATOR_ONLY = new RegExp(`^${CURATOR}$`, 'u');

/** Whether a token entry can name this curator: letters, digits and _ . @ -, at most 64. */
export const isCuratorName = (name: string): boolean => CURATOR_ONLY.test(name);

/**
 * Parses ANNALS_TOKENS: entries `curator:role:sha256:<hex>` separated by commas or newlines,
 * and ANNALS_READ_TOKEN (`sha256:<hex>`) as a read-only token of the curator "reader".
 * Throws with the position of a bad entry, never echoing the entry itself (it may be a secret).
 */
export function parseTokens(tokens: string | undefined, readToken: string | undefined): ConfiguredToken[] {
  const out: ConfiguredToken[] = [];
  const entries = (tokens ?? '')
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  entries.forEach((entry, n) => {
    const m = ENTRY.exec(entry);
    if (!m) throw new Error(`ANNALS_TOKENS entry ${n + 1} is not curator:write|propose|read:sha256:<64 hex> (make one with npm run token)`);
    out.push({ curator: m[1]!, role: m[2] as Role, hash: Buffer.from(m[3]!, 'hex') });
  });
  if (readToken !== undefined) {
    const m = /^sha256:([0-9a-f]{64})$/.exec(readToken.trim());
    if (!m) throw new Error('ANNALS_READ_TOKEN must be sha256:<64 hex> (make one with npm run token -- reader read)');
    out.push({ curator: 'reader', role: 'read', hash: Buffer.from(m[1]!, 'hex') });
  }
  return out;
}

const unauthenticated = (message: string): AnnalsError => new AnnalsError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });

/**
 * Resolves an Authorization header to a principal. Compares the hash against every configured
 * token, without stopping at a match, so timing says nothing about which or how many exist.
 */
export function authenticate(header: string | undefined, tokens: readonly ConfiguredToken[]): Principal {
  if (header === undefined || header.trim() === '') return ANONYMOUS;
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  if (!m) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  const presented = hashToken(m[1]!);
  let found: ConfiguredToken | undefined;
  for (const t of tokens) {
    if (timingSafeEqual(presented, t.hash) && found === undefined) found = t;
  }
  if (found === undefined) throw unauthenticated('The token is not valid.');
  return { kind: 'curator', curator: found.curator, role: found.role };
}

/** Writes need a write token: UNAUTHENTICATED without one, FORBIDDEN with a read-only one. */
export function requireWriter(principal: Principal): string {
  if (principal.kind === 'anonymous') throw unauthenticated('Writes need "Authorization: Bearer <token>".');
  if (principal.role !== 'write') {
    const what = principal.role === 'propose' ? 'may only propose drafts for review (proposeDataset)' : 'is read-only';
    throw new AnnalsError(ErrorCode.FORBIDDEN, `The token of "${principal.curator}" ${what}.`, { http: { status: 403 } });
  }
  return principal.curator;
}

/** Proposing a draft for review (and reading proposals) needs a propose or a write token. */
export function requireProposer(principal: Principal): { curator: string; role: Role } {
  if (principal.kind === 'anonymous') throw unauthenticated('Proposals need "Authorization: Bearer <token>".');
  if (principal.role !== 'write' && principal.role !== 'propose') {
    throw new AnnalsError(
      ErrorCode.FORBIDDEN,
      `The token of "${principal.curator}" is read-only: proposing needs a propose or write token.`,
      {
        http: { status: 403 },
      },
    );
  }
  return { curator: principal.curator, role: principal.role };
}

/** When reads are private (ANNALS_READ_TOKEN set), any valid token may read. */
export function requireReader(principal: Principal, readsArePrivate: boolean): void {
  if (readsArePrivate && principal.kind === 'anonymous')
    throw unauthenticated('Reads need "Authorization: Bearer <token>" on this server.');
}
