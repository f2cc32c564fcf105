// Writes schema/dataset.schema.json and the field reference of docs/curating.md from the dataset
// shapes (`npm run dataset-schema`); with --check, fails when either is not what they make
// (`npm run dataset-schema:check`, part of `npm run check`).
import { readFileSync, writeFileSync } from 'node:fs';
import { datasetJsonSchema, fieldReference, schemaText, withReference } from '../dataset/json-schema.js';

const SCHEMA = 'schema/dataset.schema.json';
const GUIDE = 'docs/curating.md';
const check = process.argv.includes('--check');

const read = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const schema = datasetJsonSchema();
const wanted = new Map<string, string>([[SCHEMA, schemaText(schema)]]);
const guide = withReference(read(GUIDE), fieldReference(schema));
if (guide === null) {
  console.error(`${GUIDE} lacks the markers of its generated field reference (see src/dataset/json-schema.ts)`);
  process.exit(1);
}
wanted.set(GUIDE, guide);

let stale = 0;
for (const [file, text] of wanted) {
  if (read(file) === text) continue;
  if (check) {
    stale += 1;
    console.error(`${file} is not what the dataset shapes make: run npm run dataset-schema`);
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
if (stale > 0) process.exit(1);
if (check) console.log(`dataset schema: ${SCHEMA} and the field reference of ${GUIDE} are current`);
