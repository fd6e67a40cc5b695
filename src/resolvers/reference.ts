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
