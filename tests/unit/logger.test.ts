// Issue 15, item 3: on a terminal a person reads one human line per event (pino-pretty); piped to a
// file or a collector, each line is JSON. LOG_FORMAT decides when set. Secrets stay redacted either way.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = 'tests/fixtures/logger/log-one-line.ts';

function run(format: string | undefined, tty: boolean): string {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (format === undefined) delete env['LOG_FORMAT'];
  else env['LOG_FORMAT'] = format;
  const node = `${JSON.stringify(process.execPath)} --import tsx ${SCRIPT}`;
  // util-linux `script` gives the child a pseudo-terminal, as a person's shell does.
  const res = tty
    ? spawnSync('script', ['-qec', node, '/dev/null'], { encoding: 'utf8', env })
    : spawnSync(process.execPath, ['--import', 'tsx', SCRIPT], { encoding: 'utf8', env });
  expect(res.status, res.stderr).toBe(0);
  // Colours and the terminal's line endings are no part of what is said.
  // eslint-disable-next-line no-control-regex
  return res.stdout.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
}

describe('log lines', { timeout: 60_000 }, () => {
  it('are human on a terminal: time, level, message', () => {
    const out = run(undefined, true).trim();
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: starting the embedded Neo4j… \{"password":"\[redacted\]"\}$/);
  });

  it('are JSON when piped, with the phase for machines', () => {
    const line = JSON.parse(run(undefined, false)) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, phase: 'neo4j', msg: 'starting the embedded Neo4j…', password: '[redacted]' });
  });

  it('follow LOG_FORMAT when it is set', () => {
    expect(() => JSON.parse(run('json', true)) as unknown).not.toThrow();
    expect(run('pretty', false)).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: starting the embedded Neo4j…/);
  });
});
