import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';

// Names match the SDL (`scalar DateTime`, `scalar SafeInt`), so introspection reports what the SDL says.
export const scalars = { DateTime: DateTimeResolver, SafeInt: SafeIntResolver };
