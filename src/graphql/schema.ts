import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { withFieldTable } from './field-table.js';
import { makeResolvers } from './resolvers/index.js';

export const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/graphql');

/** The SDL of schema/graphql, concatenated in file-name order. */
export function loadTypeDefs(dir: string = SCHEMA_DIR): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

/**
 * The SDL parsed once at start, shared by the field table's check, the list bounds and Apollo (which
 * takes the document, not the text, so it does not parse it again).
 */
export const typeDefsDocument: DocumentNode = parse(loadTypeDefs());
/** The schema of the SDL alone (no resolvers), built once: what the field table and the bounds read. */
export const sdlSchema: GraphQLSchema = buildASTSchema(typeDefsDocument);

/** Every resolver: hand-written ones and those the field table declares (checked against the schema here, at startup). */
export const resolvers = withFieldTable(sdlSchema, makeResolvers());
