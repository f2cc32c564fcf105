// Proves src/generated/ matches schema/: regenerates into memory and compares with what is checked in.
import { readFileSync } from 'node:fs';
import { generate, loadContext } from '@graphql-codegen/cli';

const context = await loadContext('codegen.yml');
context.updateConfig({ silent: true });
const outputs = await generate(context, false);
let stale = 0;
for (const out of outputs) {
  let current = '';
  try {
    current = readFileSync(out.filename, 'utf8');
  } catch {
    // a missing file counts as stale
  }
  if (current !== out.content) {
    stale += 1;
    console.error(`${out.filename} is not what codegen makes from schema/: run npm run codegen`);
  }
}
if (stale > 0) process.exit(1);
console.log(`codegen: ${outputs.length} generated file(s) match schema/`);
