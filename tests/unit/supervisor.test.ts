// The restart policy of the embedded Neo4j, on fake JVMs: which crash is restarted, after what
// wait, and when the supervisor gives up.
import { describe, expect, it } from 'vitest';
import { Neo4jCredentials } from '../../src/launcher/auth-file.js';
import type { RunningNeo4j } from '../../src/launcher/neo4j-launcher.js';
import { superviseNeo4j, type SupervisedNeo4j } from '../../src/launcher/supervisor.js';

interface FakeJvm extends RunningNeo4j {
  crash(): void;
  stopped: boolean;
}

function fakeLauncher(failures: Set<number> = new Set()) {
  const started: FakeJvm[] = [];
  let attempts = 0;
  const start = async (): Promise<RunningNeo4j> => {
    attempts += 1;
    if (failures.has(attempts)) throw new Error(`start ${attempts} failed`);
    let exit!: (e: { code: number | null; signal: NodeJS.Signals | null }) => void;
    const jvm: FakeJvm = {
      uri: 'bolt://127.0.0.1:1',
      credentials: new Neo4jCredentials('a-password-of-the-test'),
      pid: 1000 + started.length,
      exited: new Promise((res) => (exit = res)),
      stopped: false,
      classData: 'off',
      crash: () => exit({ code: null, signal: 'SIGKILL' }),
      stop: async () => {
        jvm.stopped = true;
        exit({ code: 0, signal: null });
      },
    };
    started.push(jvm);
    return jvm;
  };
  return { start, started };
}

function recorder() {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push({ level, msg, obj });
  return { log: { info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

const policy = { maxRestarts: 2, windowMs: 60_000, firstDelayMs: 1, maxDelayMs: 4 };

describe('superviseNeo4j', () => {
  it('logs a crash, restarts with doubling waits, and gives up after maxRestarts within the window', async () => {
    const { start, started } = fakeLauncher();
    const { log, lines } = recorder();
    const neo4j: SupervisedNeo4j = await superviseNeo4j(start, log, policy);
    expect(neo4j.state).toBe('running');
    expect(neo4j.pid).toBe(1000);

    started[0]!.crash();
    await until(() => started.length === 2 && neo4j.state === 'running');
    expect(neo4j.pid).toBe(1001);
    expect(lines.find((l) => l.level === 'error')?.msg).toBe('embedded Neo4j exited (code SIGKILL)');

    started[1]!.crash();
    await until(() => started.length === 3 && neo4j.state === 'running');
    started[2]!.crash();
    await until(() => neo4j.state === 'gave up');
    expect(started).toHaveLength(3);
    expect(neo4j.pid).toBeUndefined();
    expect(lines.filter((l) => l.msg === 'restarting the embedded Neo4j').map((l) => l.obj['delayMs'])).toEqual([1, 2]);
    expect(lines.at(-1)?.msg).toMatch(/^embedded Neo4j gave up restarting/);
    await neo4j.stop();
  });

  it('counts a failed restart as an attempt and tries again', async () => {
    const { start, started } = fakeLauncher(new Set([2]));
    const { log, lines } = recorder();
    const neo4j = await superviseNeo4j(start, log, { ...policy, maxRestarts: 3 });
    started[0]!.crash();
    await until(() => started.length === 2 && neo4j.state === 'running');
    expect(lines.some((l) => l.msg === 'embedded Neo4j could not be restarted' && l.obj['err'] === 'start 2 failed')).toBe(true);
    await neo4j.stop();
  });

  it('never restarts with maxRestarts 0, and a clean stop() is not a crash', async () => {
    const none = fakeLauncher();
    const quiet = recorder();
    const stopped = await superviseNeo4j(none.start, quiet.log, policy);
    await stopped.stop();
    expect(none.started[0]!.stopped).toBe(true);
    expect(quiet.lines).toEqual([]);

    const once = fakeLauncher();
    const neo4j = await superviseNeo4j(once.start, recorder().log, { ...policy, maxRestarts: 0 });
    once.started[0]!.crash();
    await until(() => neo4j.state === 'gave up');
    expect(once.started).toHaveLength(1);
  });
});
