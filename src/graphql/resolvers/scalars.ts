import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';

// Names match the SDL (`scalar DateTime`, `scalar SafeInt`), so introspection reports what the SDL says.
// The description is dropped so that the SDL's own (IVS-specific) description is the one served.
const withSdlDescription = (scalar: GraphQLScalarType) => new GraphQLScalarType({ ...scalar.toConfig(), description: undefined });

// IVS's own timestamp form, which is also exactly what Date#toISOString produces.
const CANONICAL_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * graphql-scalars' DateTime, serializing straight to the string: a timestamp IVS sent in its canonical
 * form (GetStreamSession answers are read raw, src/upstream/raw-json.ts) is served as it is, anything else
 * through Date exactly as before. graphql-scalars parses every string into a Date that JSON then
 * formats back, which for a 500-event session is 500 parse-and-format round trips per response.
 */
const DateTime = new GraphQLScalarType({
  ...withSdlDescription(DateTimeResolver).toConfig(),
  serialize(value: unknown): string {
    if (typeof value === 'string' && CANONICAL_DATE_TIME.test(value)) return value;
    const serialized = DateTimeResolver.serialize(value) as Date | string;
    return serialized instanceof Date ? serialized.toISOString() : serialized;
  },
});

export const scalars = { DateTime, SafeInt: withSdlDescription(SafeIntResolver) };
