/* global module */
// The floors of src/, lowest first: a module imports its own floor and the ones below, never above.
// `npm run imports:check` (part of `npm run check`) validates this through src/cli/imports-check.ts;
// `npm run imports:draw` redraws docs/imports.md from the same list.
const FLOORS = [
  ['model, errors, config, logger', '^src/(model/|types/|errors\\.ts$|config\\.ts$|logger\\.ts$)'],
  ['db, auth, launcher', '^src/(db|auth|launcher)/'],
  ['queries', '^src/queries/'],
  ['dataset', '^src/dataset/'],
  ['workers', '^src/workers/'],
  ['domain', '^src/domain/'],
  ['graphql, export', '^src/(graphql|export)/'],
  ['server, cli, bootstrap', '^src/(server/|cli/|bootstrap\\.ts$|main\\.ts$)'],
];

const forbidden = FLOORS.slice(0, -1).map(([name, path], n) => ({
  name: `no-upward-import-from-${name.replace(/[^a-z]+/g, '-')}`,
  comment: `${name} is floor ${n}: it imports only from floors 0..${n} (see .dependency-cruiser.cjs)`,
  severity: 'error',
  from: { path },
  to: { path: FLOORS.slice(n + 1).map(([, above]) => above) },
}));

module.exports = {
  // Read by src/cli/imports-check.ts, which draws the floors (and hands dependency-cruiser the rest).
  FLOORS,
  forbidden: [
    ...forbidden,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no import cycles between modules',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'every-module-on-a-floor',
      severity: 'error',
      comment: 'a new folder of src/ takes its place in FLOORS first',
      from: { path: '^src/', pathNot: [...FLOORS.map(([, path]) => path), '^src/(web|generated)/'] },
      to: {},
    },
    {
      name: 'web-stands-alone',
      severity: 'error',
      comment: 'the explorer (src/web) is a browser bundle: it talks to the public GraphQL API, and shares only pure model code',
      from: { path: '^src/web/' },
      to: { path: '^src/(?!web/|model/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
