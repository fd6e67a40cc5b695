import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';

/** Relationship fields the gateway adds beside IVS's own members; each costs further IVS calls. */
export const RELATION_FIELDS = new Set([
  'StreamSession.hasErrorEvent',
  'Channel.streamSessions',
  'Channel.latestStreamSession',
  'Channel.stream',
  'Channel.recordingConfiguration',
  'Stream.channel',
]);

/**
 * A selection set of every field reachable from `typeName` (relationship fields left out), so a query
 * cannot silently miss a new IVS member.
 */
export function selectAll(schema: GraphQLSchema, typeName: string): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const fields = Object.values(type.getFields())
    .filter((field) => !RELATION_FIELDS.has(`${typeName}.${field.name}`))
    .map((field) => {
      const named = getNamedType(field.type);
      return isObjectType(named) ? `${field.name} ${selectAll(schema, named.name)}` : field.name;
    });
  return `{ ${fields.join(' ')} }`;
}
