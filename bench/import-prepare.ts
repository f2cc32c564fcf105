// The CPU side of the import bench, in a worker thread so it overlaps with the database's work:
// each chunk of the generated archive is validated (GraphFacts: labels of earlier chunks), planned
// and turned into statements exactly as `annals import` does, then handed to the main thread,
// which writes it in one transaction. One chunk is prepared per request, so at most one waits.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareDataset } from '../src/dataset/prepare.js';
import type { CypherQuery } from '../src/db/query.js';
import { generateArchive, KnownLabels, type ArchiveSize } from './generate.js';

export interface PrepareOptions {
  size: ArchiveSize;
  seed: number;
  chunkEntities: number;
  batchSize: number;
}

export interface ChunkCounts {
  entities: number;
  sources: number;
  relationships: number;
  findings: number;
  claims: number;
  citations: number;
  mentions: number;
  statements: number;
  /** Graph relationships the chunk writes: curated + IN_SOURCE + MENTIONS + RECORDED. */
  graphRelationships: number;
}

export interface PreparePhases {
  generate: number;
  validate: number;
  plan: number;
  statements: number;
}

export type PreparedMessage =
  | { type: 'chunk'; index: number; statements: CypherQuery<never>[]; counts: ChunkCounts; ms: PreparePhases }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Validates, plans and builds the statements of one chunk, as every import does (src/dataset/prepare.ts); throws when the chunk is invalid. */
export function prepareChunk(
  index: number,
  dataset: Parameters<KnownLabels['add']>[0],
  known: KnownLabels,
  batchSize: number,
  ms: PreparePhases,
): { statements: CypherQuery<never>[]; counts: ChunkCounts } {
  const { prepared, issues } = prepareDataset(
    [{ file: `chunk-${index}`, baseDir: null, data: dataset, lineOf: () => undefined }],
    known,
    batchSize,
    ms,
  );
  if (prepared === undefined) throw new Error(`chunk ${index} is invalid: ${JSON.stringify(issues.slice(0, 3))}`);
  known.add(dataset);
  const { counts } = prepared;
  return {
    statements: prepared.statements,
    counts: {
      entities: counts.entities,
      sources: counts.sources,
      relationships: counts.relationships,
      findings: counts.findings,
      claims: counts.claims,
      citations: counts.citations,
      mentions: prepared.mentions,
      statements: counts.statements,
      graphRelationships: counts.relationships + counts.citations + prepared.mentions + counts.findings,
    },
  };
}

if (parentPort !== null) {
  const port = parentPort;
  const opts = workerData as PrepareOptions;
  const known = new KnownLabels();
  const archive = generateArchive({ size: opts.size, seed: opts.seed, chunkEntities: opts.chunkEntities });
  port.on('message', () => {
    try {
      const ms: PreparePhases = { generate: 0, validate: 0, plan: 0, statements: 0 };
      const t = performance.now();
      const next = archive.next();
      ms.generate = performance.now() - t;
      if (next.done === true) {
        port.postMessage({ type: 'done' } satisfies PreparedMessage);
        return;
      }
      const { index, dataset } = next.value;
      const { statements, counts } = prepareChunk(index, dataset, known, opts.batchSize, ms);
      port.postMessage({ type: 'chunk', index, statements, counts, ms } satisfies PreparedMessage);
    } catch (err) {
      port.postMessage({
        type: 'error',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies PreparedMessage);
    }
  });
}
