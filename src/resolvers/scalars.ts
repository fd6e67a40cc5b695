import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';

// Names match the SDL (`scalar DateTime`, `scalar SafeInt`), so introspection reports what the SDL says.
// The description is dropped so that the SDL's own (IVS-specific) description is the one served.
const withSdlDescription = (scalar: GraphQLScalarType) => new GraphQLScalarType({ ...scalar.toConfig(), description: undefined });

export const scalars = { DateTime: withSdlDescription(DateTimeResolver), SafeInt: withSdlDescription(SafeIntResolver) };
