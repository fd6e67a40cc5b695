import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import {
  buildASTSchema,
  getNamedType,
  isObjectType,
  Kind,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTING_URL } from '../scripts/compose-supergraph.js';
import { buildSchema } from '../src/graphql/schema.js';

/**
 * Router demand control (Apollo Router, Hive) prices an operation from the `@cost` and `@listSize` of the
 * supergraph. This composes the subgraph as schema/*.graphql has it now (not the committed SDL, so an
 * annotation removed from the source fails here even before `npm run codegen`) with another small
 * subgraph, as scripts/compose-supergraph.ts does, and reads the directives back from the supergraph.
 */

// Weight 10 per IVS call a field may make for each parent; 1 where one BatchGetChannel serves 50 channels.
// docs/federation.md has the same table (checked below).
const EXPECTED_WEIGHTS: Readonly<Record<string, number>> = {
  'Query.streamSession': 10,
  'Query.channel': 10,
  'Query.channels': 10,
  'Query.liveStreams': 10,
  'Channel.streamSessions': 10,
  'Channel.latestStreamSession': 10,
  'Channel.stream': 10,
  'Channel.recordingConfiguration': 10,
  'Channel.ingestEndpoint': 1,
  'Channel.playbackUrl': 1,
  'Channel.srt': 1,
  'Channel.multitrackInputConfiguration': 1,
  'Channel.containerFormat': 1,
  'StreamSession.channel': 10,
  'StreamSession.ingestConfiguration': 10,
  'StreamSession.ingestConfigurations': 10,
  'StreamSession.recordingConfiguration': 10,
  'Stream.playbackUrl': 10,
  'Stream.channel': 1,
};

// The paged connections of the ivs subgraph (each takes `first`, default 25, at most 100).
const CONNECTION_FIELDS = ['Query.channels', 'Query.liveStreams', 'Channel.streamSessions'];

// Another team's subgraph, with a list of its own that it sizes, pointing at IVS channels by ARN.
const streamerTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
  type Query {
    streamers(first: Int = 10): [Streamer!]! @listSize(assumedSize: 10, slicingArguments: ["first"], requireOneSlicingArgument: false)
  }
  type Streamer @key(fields: "id") { id: ID! channel: Channel! }
  type Channel @key(fields: "arn", resolvable: false) { arn: ID! }
`);

/** docs/federation.md's `| field | weight | why |` table, as `Type.field` → weight. */
function documentedWeights(): Record<string, number> {
  const lines = readFileSync(new URL('../docs/federation.md', import.meta.url), 'utf8').split('\n');
  const header = lines.findIndex((line) => /^\| *field *\| *weight *\| *why *\|/.test(line));
  expect(header, 'docs/federation.md has the | field | weight | why | table').toBeGreaterThanOrEqual(0);
  const weights: Record<string, number> = {};
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [, fields = '', weight = ''] = line.split('|');
    for (const [, coordinate] of fields.matchAll(/`([A-Za-z]+\.[A-Za-z]+)`/g)) weights[coordinate!] = Number(weight.trim());
  }
  return weights;
}

type Arguments = Record<string, unknown>;

function directive(field: GraphQLField<unknown, unknown>, name: string): Arguments | undefined {
  const found = field.astNode?.directives?.filter((d: ConstDirectiveNode) => d.name.value === name) ?? [];
  expect(found.length, `${field.name} has at most one @${name}`).toBeLessThanOrEqual(1);
  const node = found[0];
  if (!node) return undefined;
  return Object.fromEntries((node.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
}

/** Every object field of the schema that carries `@name`, as `Type.field` → the directive's arguments. */
function fieldsWith(schema: GraphQLSchema, name: string): Map<string, Arguments> {
  const result = new Map<string, Arguments>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const args = directive(field, name);
      if (args) result.set(`${type.name}.${field.name}`, args);
    }
  }
  return result;
}

function fieldOf(schema: GraphQLSchema, coordinate: string): GraphQLField<unknown, unknown> {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type of the supergraph`);
  const field = type.getFields()[fieldName];
  if (!field) throw new Error(`${coordinate} is not in the supergraph`);
  return field;
}

/** The `url`s of a document's schema-level `@link`s. */
function linkUrls(document: DocumentNode): string[] {
  return document.definitions
    .filter((d) => d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION)
    .flatMap((d) => d.directives ?? [])
    .filter((d) => d.name.value === 'link')
    .map((d) => (d.arguments ?? []).find((a) => a.name.value === 'url'))
    .map((a) => (a && a.value.kind === Kind.STRING ? a.value.value : ''));
}

describe('demand control: @cost and @listSize reach the supergraph', () => {
  let subgraphSdl: string;
  let supergraph: GraphQLSchema;
  let supergraphDocument: DocumentNode;

  beforeAll(() => {
    subgraphSdl = printSubgraphSchema(buildSchema());
    const composed = composeServices([
      { name: 'ivs', typeDefs: parse(subgraphSdl), url: ROUTING_URL },
      { name: 'streamers', typeDefs: streamerTypeDefs, url: 'http://streamers:4001/graphql' },
    ]);
    expect((composed.errors ?? []).map((e) => e.message)).toEqual([]);
    supergraphDocument = parse(composed.supergraphSdl!);
    supergraph = buildASTSchema(supergraphDocument, { assumeValidSDL: true });
  });

  it('the subgraph links Federation v2.9 or later, importing @cost and @listSize', () => {
    const links = linkUrls(parse(subgraphSdl)).filter((url) => url.startsWith('https://specs.apollo.dev/federation/'));
    expect(links).toHaveLength(1);
    const [, major, minor] = /\/v(\d+)\.(\d+)$/.exec(links[0]!)!.map(Number) as [number, number, number];
    expect(major).toBe(2);
    expect(minor).toBeGreaterThanOrEqual(9);
    expect(subgraphSdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+", import: \[[^\]]*"@cost"[^\]]*\]\)/);
    expect(subgraphSdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+", import: \[[^\]]*"@listSize"[^\]]*\]\)/);
  });

  it('the supergraph links the cost spec, which routers read @cost and @listSize by', () => {
    expect(linkUrls(supergraphDocument)).toContain('https://specs.apollo.dev/cost/v0.1');
  });

  it('carries @cost with the documented weight on exactly the IVS-backed fields', () => {
    const weights = Object.fromEntries([...fieldsWith(supergraph, 'cost')].map(([coordinate, args]) => [coordinate, args.weight]));
    expect(weights).toEqual(EXPECTED_WEIGHTS);
  });

  it('docs/federation.md tables the same weights', () => {
    expect(documentedWeights()).toEqual(EXPECTED_WEIGHTS);
  });

  it.each(CONNECTION_FIELDS)('sizes %s by `first`, assuming its default when it is not given', (coordinate) => {
    const field = fieldOf(supergraph, coordinate);
    const first = field.args.find((arg) => arg.name === 'first');
    expect(first?.defaultValue).toBe(25);
    expect(directive(field, 'listSize')).toEqual({
      assumedSize: first!.defaultValue,
      slicingArguments: ['first'],
      sizedFields: ['edges', 'nodes'],
      requireOneSlicingArgument: false,
    });
    // A connection's page is its `edges`/`nodes` lists: sizedFields must name lists of the connection type.
    const connection = getNamedType(field.type);
    if (!isObjectType(connection)) throw new Error(`${coordinate} does not return an object type`);
    expect(Object.keys(connection.getFields())).toEqual(expect.arrayContaining(['edges', 'nodes']));
  });

  it('every field that takes `first` is a sized connection, and nothing else is sized by this subgraph', () => {
    const paged: string[] = [];
    for (const type of Object.values(supergraph.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.args.some((arg) => arg.name === 'first')) paged.push(`${type.name}.${field.name}`);
      }
    }
    expect(paged.sort()).toEqual([...CONNECTION_FIELDS, 'Query.streamers'].sort());
    expect([...fieldsWith(supergraph, 'listSize').keys()].sort()).toEqual([...CONNECTION_FIELDS, 'Query.streamers'].sort());
  });

  it("keeps the other subgraph's @listSize beside this one's", () => {
    expect(directive(fieldOf(supergraph, 'Query.streamers'), 'listSize')).toEqual({
      assumedSize: 10,
      slicingArguments: ['first'],
      requireOneSlicingArgument: false,
    });
  });
});
