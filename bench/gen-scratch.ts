import { generateArchive, SIZES, type ArchiveSize } from './generate.js';
import { writeFileSync, mkdirSync } from 'node:fs';
const size = process.argv[2] as ArchiveSize; const dir = process.argv[3]!; mkdirSync(dir, { recursive: true });
for (const chunk of generateArchive({ size, seed: 1, chunkEntities: SIZES[size].chunkEntities }))
  writeFileSync(`${dir}/chunk-${String(chunk.index).padStart(5, '0')}.json`, JSON.stringify(chunk.dataset));
