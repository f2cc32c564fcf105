import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';

/** The file, inside the data directory, that holds the password of the embedded Neo4j's user neo4j. */
export const AUTH_FILE = 'annals-neo4j.auth';

/**
 * User and password of the embedded Neo4j. The password stays out of logs and error messages even
 * when the whole object is logged: JSON (pino) and util.inspect see it censored.
 */
export class Neo4jCredentials {
  readonly user = 'neo4j';
  constructor(readonly password: string) {}
  toJSON(): Record<string, string> {
    return { user: this.user, password: '[redacted]' };
  }
  [inspect.custom](): string {
    return `Neo4jCredentials { user: '${this.user}', password: [redacted] }`;
  }
}

/**
 * The data directory (mode 0700) and its password file (mode 0600), made at the first start with a
 * random password; later starts read it and put both modes right again if they were loosened.
 */
export function ensureAuthFile(dataDir: string): Neo4jCredentials {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, AUTH_FILE);
  try {
    // 'wx': never overwrite a password a running database may already use.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    chmodSync(file, 0o600);
  }
  const password = readFileSync(file, 'utf8').trim();
  // Neo4j refuses passwords under 8 characters; one line, since the launcher reads one line.
  if (password.length < 8 || password.includes('\n')) {
    throw new Error(`${file} must hold one line of at least 8 characters: delete it to get a new random password`);
  }
  return new Neo4jCredentials(password);
}

/** The credentials of a data directory's embedded Neo4j, if one has started there; never creates the file (for clients of a running one). */
export function readAuthFile(dataDir: string): Neo4jCredentials | undefined {
  let password: string;
  try {
    password = readFileSync(join(dataDir, AUTH_FILE), 'utf8').trim();
  } catch {
    return undefined;
  }
  return password.length >= 8 && !password.includes('\n') ? new Neo4jCredentials(password) : undefined;
}
