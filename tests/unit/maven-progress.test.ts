// Issue 15, item 3: the first start fetches Neo4j through Maven, and the progress counter counts
// what Maven prints in batch mode (`[INFO] Downloaded from …`), with the megabytes.
import { describe, expect, it } from 'vitest';
import { mavenDownload, mavenProgress } from '../../src/launcher/neo4j-launcher.js';

// Lines as Maven 3.8 prints them with -B (copied from a first start into an empty ~/.m2).
const LINES = [
  '[INFO] Scanning for projects...',
  '[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/neo4j/neo4j/5.26.0/neo4j-5.26.0.pom',
  '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/neo4j/neo4j/5.26.0/neo4j-5.26.0.pom (12 kB at 98 kB/s)',
  '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/neo4j/neo4j-kernel/5.26.0/neo4j-kernel-5.26.0.jar (2.5 MB at 3.1 MB/s)',
  '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/eclipse/collections/eclipse-collections/11.1.0/eclipse-collections-11.1.0.jar (10 MB at 4.0 MB/s)',
  '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/neo4j/parent/5.26.0/parent-5.26.0.pom (512 B at 4 kB/s)',
  // Without -B's prefix (an interactive Maven), the same line counts too.
  'Downloaded from central: https://repo.maven.apache.org/maven2/org/neo4j/neo4j-io/5.26.0/neo4j-io-5.26.0.jar (480 kB at 1.2 MB/s)',
  '[INFO] BUILD SUCCESS',
];

describe("Maven's download lines", () => {
  it('are recognised with their size, and nothing else is', () => {
    expect(LINES.map((l) => mavenDownload(l)?.bytes ?? null)).toEqual([null, null, 12_000, 2_500_000, 10_000_000, 512, 480_000, null]);
  });

  it('move the counter, which reports files and megabytes as it goes', () => {
    const said: string[] = [];
    const counter = mavenProgress((line) => said.push(line), 2);
    for (const line of LINES) counter.line(line);
    expect(counter.files).toBe(5);
    expect(counter.bytes).toBe(12_000 + 2_500_000 + 10_000_000 + 512 + 480_000);
    expect(said).toEqual(['annals: fetched 2 files (3 MB) from Maven…', 'annals: fetched 4 files (13 MB) from Maven…']);
  });
});
