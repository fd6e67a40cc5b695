import * as Ivs from '@aws-sdk/client-ivs';
import { GraphQLEnumType, GraphQLObjectType, getNamedType, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/schema.js';
import { RELATION_FIELDS } from '../support/select-all.js';

// The SDK ships its shape schemas as tuples (@smithy/types StaticStructureSchema):
// structure [3, ns, name, traits, memberNames, memberSchemas], list [1, ns, name, traits, member],
// simple [0, ns, name, traits, type]; members are numbers (0 string, 1 number, 2 boolean, 5 timestamp,
// 64 list<string>, 128 map<string,string>), thunks, or [thunk-or-number, traits].
type SchemaRef = unknown;
type Struct = [3, string, string, unknown, string[], SchemaRef[], number?];

const schema = buildSchema();

// Fields the gateway adds to IVS's shapes: the key a session is asked for by, and relationships to the
// neighbouring IVS read operations (each documented in the schema).
const ADDED_FIELDS = new Set(['StreamSession.channelArn', ...RELATION_FIELDS]);

// Which schema enum each enum-valued member uses; the SDK exports each enum as a const object of that name.
const ENUM_MEMBERS: Record<string, keyof typeof Ivs> = {
  'Channel.latencyMode': 'ChannelLatencyMode',
  'Channel.type': 'ChannelType',
  'Channel.preset': 'TranscodePreset',
  'Channel.containerFormat': 'ContainerFormat',
  'MultitrackInputConfiguration.policy': 'MultitrackPolicy',
  'MultitrackInputConfiguration.maximumResolution': 'MultitrackMaximumResolution',
  'RecordingConfiguration.state': 'RecordingConfigurationState',
  'ThumbnailConfiguration.recordingMode': 'RecordingMode',
  'ThumbnailConfiguration.resolution': 'ThumbnailConfigurationResolution',
  'ThumbnailConfiguration.storage': 'ThumbnailConfigurationStorage',
  'RenditionConfiguration.renditionSelection': 'RenditionConfigurationRenditionSelection',
  'RenditionConfiguration.renditions': 'RenditionConfigurationRendition',
  'Stream.state': 'StreamState',
  'Stream.health': 'StreamHealth',
};

function deref(ref: SchemaRef): unknown {
  const inner = Array.isArray(ref) && typeof ref[0] === 'function' && ref.length === 2 ? ref[0] : ref;
  return typeof inner === 'function' ? (inner as () => unknown)() : inner;
}

/** Every structure reachable from the SDK's StreamSession, with its members and their resolved schemas. */
function reachableStructures(roots: Struct[]): Map<string, Array<{ member: string; schema: unknown }>> {
  const found = new Map<string, Array<{ member: string; schema: unknown }>>();
  const visit = (s: unknown): void => {
    if (!Array.isArray(s)) return;
    if (s[0] === 1) return visit(deref(s[4]));
    if (s[0] !== 3 || found.has(s[2] as string)) return;
    const [, , name, , names, schemas] = s as Struct;
    const members = names.map((member, i) => ({ member, schema: deref(schemas[i]) }));
    found.set(name, members);
    members.forEach(({ schema: m }) => visit(m));
  };
  roots.forEach(visit);
  return found;
}

// The SDK types both Smithy `integer` and `long` as number; only this member is a 32-bit `integer` (0..300).
const INT32_MEMBERS = new Set(['RecordingConfiguration.recordingReconnectWindowSeconds']);

function expectedScalar(member: string, memberSchema: unknown): string | undefined {
  if (memberSchema === 1) return INT32_MEMBERS.has(member) ? 'Int' : 'SafeInt';
  return { 2: 'Boolean', 5: 'DateTime', 128: 'Tag' }[memberSchema as number];
}

function unwrap(type: GraphQLOutputType): string {
  return getNamedType(type).name;
}

// The SDK names its Stream schema `_Stream$` (Stream would clash with Node's); the shape is `Stream`.
const structures = reachableStructures([Ivs.StreamSession$, Ivs._Stream$] as unknown as Struct[]);

describe('schema completeness against @aws-sdk/client-ivs', () => {
  it('walks the whole StreamSession and Stream shape trees', () => {
    expect([...structures.keys()].sort()).toEqual(
      [
        'AudioConfiguration',
        'Channel',
        'DestinationConfiguration',
        'IngestConfiguration',
        'IngestConfigurations',
        'MultitrackInputConfiguration',
        'RecordingConfiguration',
        'RenditionConfiguration',
        'S3DestinationConfiguration',
        'Srt',
        'Stream',
        'StreamEvent',
        'StreamSession',
        'ThumbnailConfiguration',
        'VideoConfiguration',
      ].sort(),
    );
  });

  it.each([...structures.entries()])('%s has exactly one field per SDK member, under the member name', (name, members) => {
    const type = schema.getType(name);
    expect(type, `schema type ${name}`).toBeInstanceOf(GraphQLObjectType);
    const fields = (type as GraphQLObjectType).getFields();
    expect(
      Object.keys(fields)
        .filter((f) => !ADDED_FIELDS.has(`${name}.${f}`))
        .sort(),
    ).toEqual(members.map((m) => m.member).sort());
    for (const { member, schema: memberSchema } of members) {
      const field = fields[member]!;
      const enumName = ENUM_MEMBERS[`${name}.${member}`];
      if (enumName) {
        expect(unwrap(field.type), `${name}.${member}`).toBe(enumName);
      } else if (Array.isArray(memberSchema) && memberSchema[0] === 3) {
        expect(unwrap(field.type), `${name}.${member}`).toBe(memberSchema[2]);
      } else if (expectedScalar(`${name}.${member}`, memberSchema)) {
        expect(unwrap(field.type), `${name}.${member}`).toBe(expectedScalar(`${name}.${member}`, memberSchema));
      }
      const isList = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
      const sdkList = memberSchema === 64 || memberSchema === 128 || (Array.isArray(memberSchema) && memberSchema[0] === 1);
      expect(isList, `${name}.${member} is a list`).toBe(sdkList);
    }
  });

  it.each(Object.entries(ENUM_MEMBERS))('%s has exactly the values of the SDK enum %s', (_member, enumName) => {
    const type = schema.getType(enumName);
    expect(type).toBeInstanceOf(GraphQLEnumType);
    const values = (type as GraphQLEnumType).getValues().map((v) => v.value as string);
    expect(values.sort()).toEqual(Object.values(Ivs[enumName] as Record<string, string>).sort());
  });

  it('every type, field, argument and enum value has a description', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      // Introspection types and the federation machinery (_Service, _Any, link__*, federation__*) are not ours.
      if (type.name.startsWith('_') || type.name.includes('__')) continue;
      if (!type.description) missing.push(type.name);
      if (type instanceof GraphQLObjectType) {
        for (const field of Object.values(type.getFields()).filter((f) => !f.name.startsWith('_'))) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (type instanceof GraphQLEnumType) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing.filter((name) => !['String', 'Boolean', 'ID', 'Int', 'Float'].includes(name))).toEqual([]);
  });
});
