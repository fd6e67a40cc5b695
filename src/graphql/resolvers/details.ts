import type { Context } from '../context.js';

type DetailResolver<P, K extends keyof P> = (parent: P, args: unknown, context: Context) => Promise<NonNullable<P[K]> | null>;

/**
 * Resolvers for the fields an IVS summary lacks: served from the parent when it is complete, else from
 * the complete object its loader fetches (batched, de-duplicated), so a list costs extra calls only
 * when a query selects those fields.
 */
export function detailResolvers<P extends { complete: boolean }, F extends keyof P & string>(
  fields: readonly F[],
  loadComplete: (parent: P, context: Context) => Promise<Pick<P, F> | null>,
): { [K in F]: DetailResolver<P, K> } {
  const resolveField =
    <K extends F>(field: K): DetailResolver<P, K> =>
    async (parent, _args, context) => {
      const source = parent.complete ? parent : await loadComplete(parent, context);
      return source?.[field] ?? null;
    };
  return Object.fromEntries(fields.map((field) => [field, resolveField(field)])) as { [K in F]: DetailResolver<P, K> };
}
