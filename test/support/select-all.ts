import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';

/** A selection set of every field reachable from `typeName`, so a query cannot silently miss a new field. */
export function selectAll(schema: GraphQLSchema, typeName: string): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const fields = Object.values(type.getFields()).map((field) => {
    const named = getNamedType(field.type);
    return isObjectType(named) ? `${field.name} ${selectAll(schema, named.name)}` : field.name;
  });
  return `{ ${fields.join(' ')} }`;
}
