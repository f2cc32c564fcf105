// `npm run build` (plain JavaScript, so node runs it without tsx): the server compiled to plain JavaScript in dist/ (one .js per .ts of src/, the
// same folders, so paths a module finds from its own URL — schema/, seed/, neo4j/, dist/web — hold
// in both), for `npm start` to run on node without tsx. esbuild transpiles only (no type check:
// `npm run check` does that), in well under a second. `--if-stale` skips the build when the
// sources' hash equals the one the last build recorded (dist/server-build.json), so `npm start`
// (its prestart) builds on a fresh clone or after an edit and otherwise costs a hash of the sources.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const SRC = join(ROOT, 'src');
const OUT = join(ROOT, 'dist');
const STAMP = join(OUT, 'server-build.json');
/** Browser code (vite builds it into dist/web and dist/graphiql) and declarations are not server modules. */
const SKIP = new Set(['web', 'types']);

/** @returns {string[]} the .ts modules of src/ that run on the server */
function sources(dir = SRC) {
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!(dir === SRC && SKIP.has(name))) out.push(...sources(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * @param {string} path a build's stamp file
 * @returns {{ hash: string, outputs?: string[] } | undefined} what that build recorded (none if missing or unreadable)
 */
function readStamp(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @param {string[]} files absolute paths, in a stable order
 * @param {string[]} [extra] absolute paths hashed first, by content only
 * @returns {string} the sha256 of the files' paths (relative to the repository) and contents
 */
function digestOf(files, extra = []) {
  const hash = createHash('sha256');
  for (const file of extra) hash.update(readFileSync(file));
  for (const file of files) hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file));
  return hash.digest('hex');
}

/**
 * Builds dist/ unless (ifStale) its recorded hash is the sources' hash.
 * @param {boolean} ifStale
 * @returns {Promise<boolean>} whether it built
 */
export async function buildServer(ifStale) {
  const files = sources();
  const digest = digestOf(files, [join(ROOT, 'package-lock.json')]);
  const previous = readStamp(STAMP);
  if (ifStale && previous?.hash === digest && (previous.outputs ?? []).every((o) => existsSync(join(ROOT, o)))) return false;
  // Loaded only to build: a start with an up-to-date dist/ does not pay for it.
  const { build } = await import('esbuild');
  await build({
    entryPoints: files,
    outdir: OUT,
    outbase: SRC,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    sourcemap: true,
    logLevel: 'warning',
  });
  const outputs = files.map((f) => relative(ROOT, join(OUT, relative(SRC, f)).replace(/\.ts$/, '.js')));
  // Modules whose source is gone are removed, so nothing stale can be imported.
  for (const old of previous?.outputs ?? []) {
    if (!outputs.includes(old)) for (const f of [old, `${old}.map`]) rmSync(join(ROOT, f), { force: true });
  }
  writeFileSync(STAMP, `${JSON.stringify({ hash: digest, outputs }, null, 1)}\n`);
  return true;
}

/** What the explorer's and GraphiQL's bundles are made of (vite.config.ts, vite.ide.config.ts): GraphiQL's tabs come from the README. */
const BUNDLE_INPUTS = ['src/web', 'src/model', 'vite.config.ts', 'vite.ide.config.ts', 'README.md', 'package-lock.json'];
const BUNDLES_STAMP = join(OUT, 'bundles-build.json');
const BUNDLE_OUTPUTS = ['dist/web/index.html', 'dist/graphiql/index.html'];

/** @param {string} path @returns {string[]} every file under path (or path itself), sorted */
function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/**
 * `--bundles`: the explorer's and GraphiQL's bundles (npm run build:web, build:ide), skipped with
 * `--if-stale` when their inputs hash as at their last build and both are there. `npm start` rebuilt
 * both on every start (seconds of vite) though nothing had changed.
 * @param {boolean} ifStale
 * @returns {boolean} whether it built
 */
export function buildBundles(ifStale) {
  const digest = digestOf(BUNDLE_INPUTS.flatMap((p) => filesUnder(join(ROOT, p))));
  if (ifStale && readStamp(BUNDLES_STAMP)?.hash === digest && BUNDLE_OUTPUTS.every((o) => existsSync(join(ROOT, o)))) return false;
  for (const script of ['build:web', 'build:ide']) execFileSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(BUNDLES_STAMP, `${JSON.stringify({ hash: digest })}\n`);
  return true;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  let started = performance.now();
  if (await buildServer(ifStale))
    process.stdout.write(`annals: server built into dist/ in ${Math.round(performance.now() - started)} ms\n`);
  if (process.argv.includes('--bundles')) {
    started = performance.now();
    if (buildBundles(ifStale))
      process.stdout.write(`annals: explorer and GraphiQL bundles built in ${Math.round(performance.now() - started)} ms\n`);
  }
}
