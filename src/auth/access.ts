import type { Loader, Loaders } from '../ivs/loaders/index.js';
import { accountOfArn } from '../kernel/arn.js';
import { mayReadAccount, requireAccount, requireRead, type Principal } from './principal.js';

/**
 * The resource a loader key is about, for the account check: its ARN (named in the FORBIDDEN message)
 * and its AWS account (`null` when the ARN names none). `null`: the key is about no single account.
 */
export type ResourceOf<K> = (key: K) => { readonly arn: string; readonly accountId: string | null } | null;

/**
 * `loader` behind the principal's rules: every key needs `sessions:read`, and a key about a resource of
 * an AWS account the principal is not granted is FORBIDDEN. A refused key never reaches `loader`, so
 * it neither costs an IVS call nor enters its cache. `loader` itself is left as it is.
 */
export function guarded<K, V>(loader: Loader<K, V>, principal: Principal, resourceOf: ResourceOf<K>): Loader<K, V> {
  const check = (key: K) => {
    requireRead(principal);
    const resource = resourceOf(key);
    if (resource?.accountId != null) requireAccount(principal, resource.accountId, `The resource ${resource.arn}`);
  };
  const load = (key: K): Promise<V> => {
    try {
      check(key);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return loader.load(key);
  };
  return {
    load,
    // As DataLoader's loadMany: per-key errors rather than a rejection.
    loadMany: (keys) => Promise.all(Array.from(keys, (key) => load(key).catch((error: unknown) => error as Error))),
  };
}

// Lists (channels, live streams) are regional, not per account: their nodes go through `visibleTo`.
const noAccount: ResourceOf<unknown> = () => null;

/**
 * Puts the principal's rules in front of every per-request loader, so they hold for every field and
 * every entry point (root fields, nested fields, federation references) without an IVS call. Each
 * loader names the account its keys are about; the `Loaders` return type makes a new loader choose.
 */
export function guardLoaders(loaders: Loaders, principal: Principal): Loaders {
  return {
    streamSession: guarded(loaders.streamSession, principal, (key) => key.channel),
    channel: guarded(loaders.channel, principal, (channel) => channel),
    stream: guarded(loaders.stream, principal, (channel) => channel),
    recordingConfiguration: guarded(loaders.recordingConfiguration, principal, (arn) => ({ arn, accountId: accountOfArn(arn) })),
    streamSessionPage: guarded(loaders.streamSessionPage, principal, (key) => key.channel),
    channelPage: guarded(loaders.channelPage, principal, noAccount),
    streamPage: guarded(loaders.streamPage, principal, noAccount),
  };
}

/**
 * The one account filter of lists and subscription sets: which nodes the principal may see (those of
 * the accounts it may read). In `paginate`'s `visible`, filtering inside pagination keeps cursors and
 * pageInfo to visible nodes, so a list does not reveal that other accounts' resources exist.
 */
export function visibleTo<T>(principal: Principal, arnOf: (node: T) => string): (node: T) => boolean {
  if (principal.accounts === null) return () => true;
  return (node) => {
    const account = accountOfArn(arnOf(node));
    return account !== null && mayReadAccount(principal, account);
  };
}
