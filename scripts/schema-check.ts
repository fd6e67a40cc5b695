// Compares the current schema with the subgraph SDL committed on a base ref (default: main) and fails
// on breaking changes, so a change that would break frontends or the supergraph is caught in CI.
// Usage: npm run schema:check [-- <git ref>]   (SCHEMA_BASE_REF also sets the ref)
import { execFileSync } from 'node:child_process';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildASTSchema, parse, type GraphQLSchema } from 'graphql';
import { buildSchema } from '../src/graphql/schema.js';

const COMMITTED = 'schema/__generated__/subgraph.graphql';
const base = process.argv[2] ?? process.env.SCHEMA_BASE_REF ?? 'main';

let baseSdl: string;
try {
  baseSdl = execFileSync('git', ['show', `${base}:${COMMITTED}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
} catch {
  console.log(`schema:check: ${base} has no ${COMMITTED} yet; nothing to compare against.`);
  process.exit(0);
}

const changes = await diff(baseSchema(baseSdl), buildSchema());
const breaking = changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking);
for (const change of changes) {
  console.log(`${change.criticality.level.padEnd(13)} ${change.message}`);
}
if (breaking.length > 0) {
  console.error(`schema:check: ${breaking.length} breaking change(s) against ${base}:${COMMITTED}.`);
  process.exit(1);
}
console.log(`schema:check: no breaking changes against ${base} (${changes.length} change(s) in all).`);

/**
 * The committed SDL as a schema. @apollo/subgraph 2.15 prints the whole subgraph (federation
 * definitions, `_service`, `_entities`), which builds as it is; earlier versions printed the SDL as
 * written (`extend schema @link(...)`), which only buildSubgraphSchema completes.
 */
function baseSchema(sdl: string): GraphQLSchema {
  const document = parse(sdl);
  const complete = /^\s*_service: _Service!/m.test(sdl);
  return complete ? buildASTSchema(document, { assumeValidSDL: true }) : buildSubgraphSchema(document);
}
