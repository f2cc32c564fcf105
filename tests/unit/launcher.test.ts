// Without Java on the PATH, the launcher says in one sentence what to install or which variable to set.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the launcher without Java', () => {
  it('names what to install and the NEO4J_URI alternative, and exits 1', () => {
    // A PATH with node and nothing else: no java, no mvn.
    const bin = mkdtempSync(join(tmpdir(), 'annals-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/launcher/build-cli.ts'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
    });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^annals: Java 17 or newer is needed .*install it \(apt-get install openjdk-17-jdk-headless\), or set NEO4J_URI/,
    );
  });
});
