// Without Java on the PATH, the launcher says in one sentence what to install or which variable to set
// (`annals build-neo4j`, which `npm run neo4j:build` runs), and exits 3 like every launcher failure of the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the launcher without Java', () => {
  it('names what to install and the NEO4J_URI alternative, and exits 3', () => {
    // A PATH with node and nothing else: no java, no mvn.
    const bin = mkdtempSync(join(tmpdir(), 'annals-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'build-neo4j'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
    });
    expect(res.status).toBe(3);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^annals: Java 17 or newer is needed .*install it \(apt-get install openjdk-17-jdk-headless\), or set NEO4J_URI/,
    );
  });
});
