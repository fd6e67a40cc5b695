import { ErrorCode, gatewayError } from '../../kernel/errors.js';

/**
 * Federation reference resolution. A failure is resolved as an Error value, never as a rejection:
 * graphql-js turns a returned Error into that representation's own error, and @apollo/subgraph chains
 * `.then()` onto each reference promise and abandons them all when another representation names an
 * unknown type; a rejecting chain would then be unhandled. Also makes a malformed key (thrown while
 * parsing it) fail its own representation rather than the whole `_entities` list.
 */
export function resolveReference<T>(load: () => Promise<T>): Promise<T> {
  const settled = Promise.resolve()
    .then(load)
    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  // Typed as the entity: an Error in a resolver's result is graphql-js's documented way to fail a field.
  return settled as Promise<T>;
}

/**
 * A representation's key field, parsed by `parse` (which names `field` in its own BAD_USER_INPUT);
 * BAD_USER_INPUT naming the field when it is missing or not a string. The error's path names the
 * representation's index.
 */
export function keyField<T>(representation: object, field: string, parse: (value: string, argument: string) => T): T {
  const value: unknown = (representation as Record<string, unknown>)[field];
  if (typeof value === 'string') return parse(value, field);
  const typename = String((representation as { __typename?: unknown }).__typename);
  // Named by kind, not echoed: the value may be arbitrarily large.
  const found =
    value === undefined
      ? 'missing'
      : value === null
        ? 'null'
        : Array.isArray(value)
          ? 'a list'
          : typeof value === 'object'
            ? 'an object'
            : `a ${typeof value}`;
  throw gatewayError(ErrorCode.BAD_USER_INPUT, `A ${typename} representation needs its key field "${field}" as a string; it is ${found}.`, {
    argument: field,
  });
}
