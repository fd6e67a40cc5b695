import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.js';

/** The SDL files under schema/ as one document, found from this module whether it runs from src/ or dist/src/. */
export function loadTypeDefs(): DocumentNode {
  const dir = findSchemaDir(import.meta.dirname);
  const sdl = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n');
  return parse(sdl);
}

function findSchemaDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schema');
    if (statSync(candidate, { throwIfNoEntry: false })?.isDirectory()) return candidate;
    if (dirname(dir) === dir) throw new Error(`No schema/ directory above ${from}`);
  }
}

/** The executable schema: an Apollo Federation 2 subgraph (serves `_service` and `_entities`). */
export function buildSchema(typeDefs: DocumentNode = loadTypeDefs()): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}
