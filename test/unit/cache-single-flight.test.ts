import { describe, expect, it } from 'vitest';
import { cachedBatch, cachedIvs, type CacheLayer } from '../../src/cache/cached-call.js';
import { DataCache } from '../../src/cache/data-cache.js';
import { RequestCachePolicy } from '../../src/cache/policy.js';
import { SingleFlight } from '../../src/cache/single-flight.js';
import { ErrorCode, gatewayError } from '../../src/kernel/errors.js';

function layer(options: { cached?: boolean } = {}): CacheLayer {
  return {
    data: options.cached === false ? null : new DataCache(1024 * 1024, null, null),
    flights: new SingleFlight(),
    ttlSeconds: 5,
    immutableTtlSeconds: 3600,
    notFoundTtlSeconds: 0,
    metrics: null,
  };
}

/** A fetch that stays pending until released, counting how often it was started. */
function gate<T>() {
  let release!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  const calls: string[] = [];
  return { promise, release, fail, calls, fetch: (who: string) => () => (calls.push(who), promise.then((value) => ({ value }))) };
}

describe('single-flight and the data cache (unit)', () => {
  it('shares one fetch between concurrent callers, then serves the cached value with its remaining max age', async () => {
    const cache = layer();
    const g = gate<{ endTime: string | null }>();
    const call = (who: string, policy: RequestCachePolicy) =>
      cachedIvs(
        { cache, policy },
        { operation: 'GetStreamSession', key: 'k', freshness: (v) => (v.endTime ? 'immutable' : 'mutable'), fetch: g.fetch(who) },
      );
    const policies = [new RequestCachePolicy(), new RequestCachePolicy(), new RequestCachePolicy()];
    const pending = policies.map((policy, i) => call(`r${i}`, policy));
    g.release({ endTime: '2026-01-01T00:00:00.000Z' });
    expect(await Promise.all(pending)).toEqual(policies.map(() => ({ endTime: '2026-01-01T00:00:00.000Z' })));
    expect(g.calls).toEqual(['r0']);
    const later = new RequestCachePolicy();
    await call('r3', later);
    expect(g.calls).toEqual(['r0']);
    expect(later.maxAgeSeconds).toBeGreaterThan(3500);
    expect(later.header(false)).toMatch(/^max-age=\d+, public$/);
  });

  it('shares an IVS answer (an error with a code) with every follower', async () => {
    const cache = layer();
    const g = gate<string>();
    const calls = ['a', 'b'].map((who) =>
      cachedIvs(
        { cache, policy: new RequestCachePolicy() },
        { operation: 'GetStream', key: 'k', freshness: () => 'mutable', fetch: g.fetch(who) },
      ),
    );
    g.fail(gatewayError(ErrorCode.NOT_FOUND, 'no such channel'));
    for (const result of await Promise.allSettled(calls))
      expect(result).toMatchObject({ status: 'rejected', reason: { extensions: { code: 'NOT_FOUND' } } });
    expect(g.calls).toEqual(['a']);
  });

  it("does not share a failure of the leader's own request (its budget spent): the follower calls for itself", async () => {
    const cache = layer();
    const leader = gate<string>();
    const first = cachedIvs(
      { cache, policy: new RequestCachePolicy() },
      { operation: 'GetStream', key: 'k', freshness: () => 'mutable', fetch: leader.fetch('leader') },
    );
    let followerCalls = 0;
    const second = cachedIvs(
      { cache, policy: new RequestCachePolicy() },
      {
        operation: 'GetStream',
        key: 'k',
        freshness: () => 'mutable',
        fetch: async () => (followerCalls++, { value: 'from the follower' }),
      },
    );
    leader.fail(gatewayError('LIMIT_EXCEEDED' as ErrorCode, 'budget spent'));
    await expect(first).rejects.toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED' } });
    expect(await second).toBe('from the follower');
    expect(followerCalls).toBe(1);
  });

  it('with caching off, still shares calls in flight but keeps nothing (max age 0)', async () => {
    const cache = layer({ cached: false });
    const g = gate<string>();
    const policy = new RequestCachePolicy();
    const calls = ['a', 'b'].map((who) =>
      cachedIvs({ cache, policy }, { operation: 'GetStream', key: 'k', freshness: () => 'mutable', fetch: g.fetch(who) }),
    );
    g.release('v');
    expect(await Promise.all(calls)).toEqual(['v', 'v']);
    expect(g.calls).toEqual(['a']);
    expect(policy.header(false)).toBe('no-store');
    await cachedIvs(
      { cache, policy: new RequestCachePolicy() },
      { operation: 'GetStream', key: 'k', freshness: () => 'mutable', fetch: g.fetch('c') },
    );
    expect(g.calls).toEqual(['a', 'c']);
  });

  it('batches only the keys neither cached nor in flight, and shares per key', async () => {
    const cache = layer();
    const batches: string[][] = [];
    const fetchMany = async (keys: string[]) => {
      batches.push(keys);
      return new Map<string, string | Error>(
        keys.map((k) => [k, k === 'bad' ? gatewayError(ErrorCode.NOT_FOUND, 'gone') : `value of ${k}`]),
      );
    };
    const spec = { operation: 'BatchGetChannel' as const, freshness: () => 'mutable' as const, fetchMany };
    const [one, two] = await Promise.all([
      cachedBatch({ cache, policy: new RequestCachePolicy() }, { ...spec, keys: ['a', 'b', 'bad'] }),
      cachedBatch({ cache, policy: new RequestCachePolicy() }, { ...spec, keys: ['b', 'c'] }),
    ]);
    expect(one.get('a')).toBe('value of a');
    expect(one.get('b')).toBe('value of b');
    expect(one.get('bad')).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(two.get('b')).toBe('value of b');
    expect(two.get('c')).toBe('value of c');
    expect(batches).toEqual([['a', 'b', 'bad'], ['c']]);
    const three = await cachedBatch({ cache, policy: new RequestCachePolicy() }, { ...spec, keys: ['a', 'c', 'bad'] });
    expect(three.get('bad')).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(batches).toEqual([['a', 'b', 'bad'], ['c'], ['bad']]);
  });
});
