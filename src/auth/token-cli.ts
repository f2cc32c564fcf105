// `npm run token -- <curator> [write|read]`: prints a new token once, and the entry to configure.
import { newToken, type Role } from './tokens.js';

const [curator, role = 'write'] = process.argv.slice(2);
if (curator === undefined || !/^[\p{L}\p{N}_.@-]{1,64}$/u.test(curator) || (role !== 'write' && role !== 'read')) {
  process.stderr.write('usage: npm run token -- <curator> [write|read]\n');
  process.exit(2);
}
const { token, entry } = newToken(curator, role as Role);
process.stdout.write(`token (give it to ${curator}; it is not stored anywhere):\n  ${token}\n`);
process.stdout.write(`add to ANNALS_TOKENS (comma-separated):\n  ${entry}\n`);
