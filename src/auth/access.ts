import { accountOfArn } from '../kernel/arn.js';
import { mayReadAccount, requireAccount, requireScope, Scope, type Principal } from './principal.js';

export { accountOfArn };

/** The AWS account a loader key is about: a parsed channel ARN, a key holding one, or an ARN string. */
function accountOfKey(key: unknown): string | null {
  if (typeof key === 'string') return accountOfArn(key);
  if (typeof key !== 'object' || key === null) return null;
  const { accountId, channel } = key as { accountId?: unknown; channel?: { accountId?: unknown } };
  if (typeof accountId === 'string') return accountId;
  if (typeof channel?.accountId === 'string') return channel.accountId;
  return null;
}

interface LoaderLike {
  load(key: unknown): Promise<unknown>;
  loadMany?(keys: readonly unknown[]): Promise<unknown[]>;
}

/**
 * Puts the principal's rules in front of every per-request loader, so they hold for every field and
 * every entry point (root fields, nested fields, federation references) without an IVS call:
 * - every IVS read needs `sessions:read`;
 * - a key about a resource of an AWS account the principal is not granted is FORBIDDEN.
 * A refused key never reaches the loader, so it neither costs an IVS call nor enters its cache.
 * Lists (channels, live streams) are regional, not per account: they are paged through `visibleTo`
 * instead.
 */
export function guardLoaders<L extends object>(loaders: L, principal: Principal): L {
  for (const loader of Object.values(loaders) as unknown[]) {
    if (typeof loader !== 'object' || loader === null || typeof (loader as LoaderLike).load !== 'function') continue;
    const guarded = loader as LoaderLike;
    const check = (key: unknown) => {
      requireScope(principal, Scope.SESSIONS_READ, 'Reading IVS data');
      const account = accountOfKey(key);
      if (account !== null) requireAccount(principal, account, `The resource ${describeKey(key)}`);
    };
    const load = guarded.load.bind(guarded);
    guarded.load = (key) => {
      try {
        check(key);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      return load(key);
    };
    if (guarded.loadMany) {
      // DataLoader's loadMany resolves to per-key errors rather than rejecting; keep that shape.
      guarded.loadMany = (keys) => Promise.all(keys.map((key) => guarded.load(key).catch((error: unknown) => error)));
    }
  }
  return loaders;
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return key;
  const arn = (key as { arn?: unknown; channel?: { arn?: unknown } }).arn ?? (key as { channel?: { arn?: unknown } }).channel?.arn;
  return typeof arn === 'string' ? arn : 'asked for';
}

/**
 * Which list nodes the principal may see (those of the accounts it may read), for `paginate`'s
 * `visible`: filtering inside pagination keeps cursors and pageInfo to visible nodes, so a list does
 * not reveal that other accounts' resources exist. `undefined`: the principal sees every node.
 */
export function visibleTo<T>(principal: Principal, arnOf: (node: T) => string): ((node: T) => boolean) | undefined {
  if (principal.accounts === null) return undefined;
  return (node) => {
    const account = accountOfArn(arnOf(node));
    return account !== null && mayReadAccount(principal, account);
  };
}
