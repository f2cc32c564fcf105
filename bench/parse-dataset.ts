// How fast dataset files are parsed (the first step of annals import and annals import --bulk): a
// generated archive (bench/generate.ts) as JSON dataset files, each parsed by parseDatasetText (JSON
// files through JSON.parse with the repeated-key check) and, for comparison, by the YAML parser
// every file went through before (the first --yaml-files files: it is ~25× slower). Prints MB/s.
// `npx tsx bench/parse-dataset.ts --size M` (--yaml-files N, default 2).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { parseDatasetText } from '../src/dataset/load.js';
import { generateArchive, SIZES, type ArchiveSize } from './generate.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'S' }, 'yaml-files': { type: 'string', default: '2' } } });
const size = values.size as ArchiveSize;
if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const texts = [...generateArchive({ size, seed: 1, chunkEntities: SIZES[size].chunkEntities })].map((c) => JSON.stringify(c.dataset));

function measure(label: string, list: string[], parse: (text: string) => unknown): void {
  let ms = 0;
  let bytes = 0;
  for (const text of list) {
    const t = performance.now();
    parse(text);
    ms += performance.now() - t;
    bytes += Buffer.byteLength(text);
  }
  const mb = bytes / 1e6;
  process.stdout.write(
    `${label}: ${list.length} file(s), ${mb.toFixed(1)} MB in ${(ms / 1000).toFixed(2)} s = ${(mb / (ms / 1000)).toFixed(1)} MB/s\n`,
  );
}

process.stdout.write(
  `size ${size}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
measure('parseDatasetText (JSON.parse + repeated-key check)', texts, (text) => {
  const { issues } = parseDatasetText(text, 'chunk.json', null);
  if (issues.length > 0) throw new Error(issues[0]!.message);
});
measure('YAML parser as before (parseDocument, uniqueKeys, toJS)', texts.slice(0, Number(values['yaml-files'])), (text) =>
  parseDocument(text, { uniqueKeys: true }).toJS({ maxAliasCount: 100 }),
);
