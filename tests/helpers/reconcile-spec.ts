// The Reconciliation Service API 0.2's own JSON Schemas and examples (tests/fixtures, copied
// unchanged from the spec's repository), to validate what /reconcile answers and to send the
// spec's example queries.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';

const DIR = fileURLToPath(new URL('../fixtures/reconciliation-api-0.2/', import.meta.url));
const ID = 'https://reconciliation-api.github.io/specs/0.2/schemas/';

/** The schemas a response or request of this service is checked against. */
export type SpecSchema =
  | 'manifest'
  | 'reconciliation-query-batch'
  | 'reconciliation-result-batch'
  | 'suggest-entities-response'
  | 'suggest-types-response'
  | 'suggest-properties-response';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/**
 * A validator for each schema. The schemas name the "http://json-schema.org/schema#" meta-schema,
 * which Ajv does not ship, so the schemas themselves are not validated; their keywords are draft-07's.
 * openapi.json (Swagger 2.0) resolves the manifest's `authentication`.
 */
export function specValidators(): (schema: SpecSchema, value: unknown) => string[] {
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, logger: false });
  for (const file of readdirSync(`${DIR}schemas`)) ajv.addSchema(readJson(`${DIR}schemas/${file}`) as AnySchemaObject);
  const compiled = new Map<SpecSchema, ValidateFunction>();
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (validate === undefined) {
      // The query batch schema's $id says reconciliation-query.json.
      validate = ajv.getSchema(`${ID}${schema}.json`) ?? ajv.getSchema(`${ID}${schema.replace('-batch', '')}.json`);
      if (validate === undefined) throw new Error(`no schema ${schema}`);
      compiled.set(schema, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  };
}

/** The spec's examples of one kind, valid or invalid, by file name. */
export function specExamples(kind: SpecSchema, validity: 'valid' | 'invalid'): { file: string; value: unknown }[] {
  const dir = `${DIR}examples/${kind}/${validity}`;
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.filter((f) => f.endsWith('.json')).map((file) => ({ file, value: readJson(`${dir}/${file}`) }));
}
