// Proves src/generated/ matches schema/: regenerates into memory and compares with what is checked in.
import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';

const outputs = (await generate({ configFilePath: 'codegen.yml', silent: true } as never, false)) as {
  filename: string;
  content: string;
}[];
let stale = 0;
for (const out of outputs) {
  let current = '';
  try {
    current = readFileSync(out.filename, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== out.content) {
    stale += 1;
    console.error(`${out.filename} is not what codegen makes from schema/: run npm run codegen`);
  }
}
if (stale > 0) process.exit(1);
console.log(`codegen: ${outputs.length} generated file(s) match schema/`);
