import type { Span } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../kernel/errors.js';
import type { Metrics } from '../platform/metrics.js';
import { inSpan } from '../platform/telemetry.js';
import type { AbsentAnswer, CacheEntry, DataCache } from './data-cache.js';
import type { RequestCachePolicy } from './policy.js';
import { isSharedOutcome, type SingleFlight } from './single-flight.js';

/** The process-wide half of caching: the data cache (null when caching is off), in-flight calls, TTLs. */
export interface CacheLayer {
  data: DataCache | null;
  flights: SingleFlight;
  /** For values that can still change (live sessions, latest-session lookups, channels, streams, pages). */
  ttlSeconds: number;
  /** For immutable values (sessions that have ended, asked for by streamId). */
  immutableTtlSeconds: number;
  /** For NOT_FOUND answers (no such channel, session, ...): NOT_FOUND_CACHE_SECONDS; 0: not cached. */
  notFoundTtlSeconds: number;
  metrics: Metrics | null;
}

/** What the data layer needs for caching: the process-wide layer and, per request, where to note cacheability. */
export interface CacheDeps {
  cache: CacheLayer;
  policy: RequestCachePolicy;
}

/** `immutable`: can never change again (an ended session); `mutable`: anything else. */
export type Freshness = 'immutable' | 'mutable';

interface Cacheable<T> {
  /** The upstream operation: keys of different operations never meet. */
  operation: string;
  /** Freshness of a value, decided when it arrives from IVS. */
  freshness: (value: T) => Freshness;
  /** The value as it may be stored in Redis (secrets replaced by a marker); default: as it is. */
  forShared?: (value: T) => T;
  /** Whether a value read from Redis had a secret replaced (then it is not served to requests that may read secrets). */
  partial?: (value: T) => boolean;
}

export interface CachedCall<T> extends Cacheable<T> {
  /** Identifies the value within its operation (arguments that change the answer). */
  key: string;
  /** Calls IVS (through callIvs, so the request's budget counts it) and maps the answer. */
  fetch: () => Promise<Fresh<T>>;
}

/** A value fresh from IVS, with the size of the answer it was mapped from when that is cheaper to know than to estimate. */
export interface Fresh<T> {
  value: T;
  /** Bytes; undefined: the data cache estimates the size. */
  bytes?: number | undefined;
}

interface Fetched<T> {
  value: T;
  /** Seconds the value stays valid in the cache (0: not cached). */
  maxAge: number;
}

const MAX_FOLLOWER_ATTEMPTS = 3;

interface Deferred<V> {
  promise: Promise<V>;
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads an IVS value through the caches: in-process LRU, then (as part of the one shared call) Redis,
 * then IVS. Concurrent callers for the same key, from any request, share one lookup and at most one
 * IVS call; a follower does not spend its request's budget. Errors are not cached, except NOT_FOUND
 * (for NOT_FOUND_CACHE_SECONDS: a caller repeating ids that do not exist must not cost a call each time),
 * which is served again as the same coded error; an IVS answer (NOT_FOUND, THROTTLED, ...) reaches every
 * follower of the call; a failure that belongs to the leader's request (its budget spent) does not, and
 * the follower then calls for itself.
 */
export function cachedIvs<T>(deps: CacheDeps, call: CachedCall<T>): Promise<T> {
  // One span per load, saying where the value came from (docs/observability.md); a miss's IVS call is its child.
  return inSpan(`cache ${call.operation}`, {}, (span) => lookUp(deps, call, span));
}

/** Where a load's value came from: this process's cache, Redis, an identical call already in flight, or IVS. */
export type CacheOutcome = 'memory_hit' | 'redis_hit' | 'shared' | 'miss';

async function lookUp<T>(deps: CacheDeps, call: CachedCall<T>, span: Span): Promise<T> {
  const { cache, policy } = deps;
  const outcome = (value: CacheOutcome) => span.setAttribute('cache.outcome', value);
  const key = `${call.operation}\u0000${call.key}`;
  const secrets = policy.readsSecrets;
  const hit = cache.data?.peek<T>(key);
  if (hit && !(secrets && hit.partial)) {
    outcome('memory_hit');
    return served(hit, policy);
  }
  // Requests that may read secrets share calls among themselves only: theirs never come from Redis.
  const flightKey = secrets ? `${key}\u0000secrets` : key;
  for (let attempt = 1; ; attempt++) {
    const joined = cache.flights.joined<Fetched<T>>(flightKey);
    const flight = joined ?? cache.flights.lead(flightKey, () => lookUpOrFetch(cache, key, call, !secrets, outcome));
    if (joined) outcome('shared');
    // A miss here leads a new shared lookup (Redis, then IVS): hits and misses of this tier add up to its lookups.
    cache.metrics?.cache.inc({ cache: 'inflight', result: joined ? 'hit' : 'miss' });
    try {
      const { value, maxAge } = await flight;
      policy.note(maxAge);
      return value;
    } catch (error) {
      if (!joined || isSharedOutcome(error) || attempt >= MAX_FOLLOWER_ATTEMPTS) throw error;
    }
  }
}

async function lookUpOrFetch<T>(
  cache: CacheLayer,
  key: string,
  call: CachedCall<T>,
  useShared: boolean,
  outcome: (value: CacheOutcome) => void,
): Promise<Fetched<T>> {
  if (useShared && cache.data?.hasShared) {
    const shared = await cache.data.getShared(key, call.partial);
    if (shared) {
      outcome('redis_hit');
      if (shared.absent) throw notFoundError(shared.absent);
      return { value: shared.value, maxAge: secondsLeft(shared.expiresAt) };
    }
  }
  outcome('miss');
  let fresh: Fresh<T>;
  try {
    fresh = await call.fetch();
  } catch (error) {
    storeAbsent(cache, key, error);
    throw error;
  }
  return { value: fresh.value, maxAge: store(cache, key, fresh.value, call, fresh.bytes) };
}

/** A cache hit: its value (noting how long it stays valid), or the NOT_FOUND error it stands for. */
function served<T>(hit: CacheEntry<T>, policy: RequestCachePolicy): T {
  if (hit.absent) throw notFoundError(hit.absent);
  policy.note(secondsLeft(hit.expiresAt));
  return hit.value;
}

/** The NOT_FOUND error a cached answer stands for: the same message and extensions as when IVS sent it. */
function notFoundError(absent: AbsentAnswer): GraphQLError {
  return new GraphQLError(absent.message, { extensions: { ...absent.extensions, code: ErrorCode.NOT_FOUND } });
}

/** Caches a NOT_FOUND answer for NOT_FOUND_CACHE_SECONDS; any other failure is not cached. */
function storeAbsent(cache: CacheLayer, key: string, error: unknown): void {
  if (!cache.data || cache.notFoundTtlSeconds <= 0) return;
  if (!(error instanceof GraphQLError) || error.extensions.code !== ErrorCode.NOT_FOUND) return;
  cache.data.setAbsent(key, { message: error.message, extensions: { ...error.extensions } }, cache.notFoundTtlSeconds);
}

/** Caches a value fresh from IVS; returns its max age (0 when not cached). */
function store<T>(cache: CacheLayer, key: string, value: T, call: Cacheable<T>, bytes?: number): number {
  if (!cache.data) return 0;
  const seconds = call.freshness(value) === 'immutable' ? cache.immutableTtlSeconds : cache.ttlSeconds;
  if (seconds <= 0) return 0;
  cache.data.set(key, value, seconds, { bytes, forShared: call.forShared?.(value) });
  return seconds;
}

export interface CachedBatch<T> extends Cacheable<T> {
  keys: readonly string[];
  /** One IVS call (or a few) for these keys: a value or an Error per key; a key missing from the map is an error. */
  fetchMany: (keys: string[]) => Promise<Map<string, T | Error>>;
}

/**
 * The batch form of `cachedIvs`, for BatchGetChannel: each key is cached and shared on its own, and
 * only the keys neither cached nor already in flight go to IVS, in one `fetchMany`.
 */
export function cachedBatch<T>(deps: CacheDeps, batch: CachedBatch<T>): Promise<Map<string, T | Error>> {
  // One span per batch, counting the keys by outcome; cache.outcome is the keys' one outcome, or `mixed`.
  return inSpan(`cache ${batch.operation}`, {}, async (span) => {
    const counts = new Map<CacheOutcome, number>();
    const results = await lookUpBatch(deps, batch, 1, (outcome, keys) => {
      if (keys > 0) counts.set(outcome, (counts.get(outcome) ?? 0) + keys);
    });
    for (const [outcome, keys] of counts) span.setAttribute(`gateway.cache.${outcome}`, keys);
    const outcomes = [...counts.keys()];
    if (outcomes.length > 0) span.setAttribute('cache.outcome', outcomes.length === 1 ? outcomes[0]! : 'mixed');
    return results;
  });
}

async function lookUpBatch<T>(
  deps: CacheDeps,
  batch: CachedBatch<T>,
  attempt: number,
  count: (outcome: CacheOutcome, keys: number) => void,
): Promise<Map<string, T | Error>> {
  const { cache, policy } = deps;
  const secrets = policy.readsSecrets;
  const results = new Map<string, T | Error>();
  const joined = new Map<string, Promise<Fetched<T>>>();
  const led = new Map<string, Deferred<Fetched<T>>>();
  for (const id of new Set(batch.keys)) {
    const key = `${batch.operation}\u0000${id}`;
    const hit = cache.data?.peek<T>(key);
    if (hit && !(secrets && hit.partial)) {
      count('memory_hit', 1);
      try {
        results.set(id, served(hit, policy));
      } catch (error) {
        results.set(id, error as Error);
      }
      continue;
    }
    const flightKey = secrets ? `${key}\u0000secrets` : key;
    const inFlight = cache.flights.joined<Fetched<T>>(flightKey);
    if (inFlight) {
      count('shared', 1);
      cache.metrics?.cache.inc({ cache: 'inflight', result: 'hit' });
      joined.set(id, inFlight);
    } else {
      cache.metrics?.cache.inc({ cache: 'inflight', result: 'miss' });
      led.set(id, cache.flights.begin<Fetched<T>>(flightKey));
    }
  }

  if (led.size > 0) {
    const ids = [...led.keys()];
    const toFetch: string[] = [];
    if (!secrets && cache.data?.hasShared) {
      const shared = await Promise.all(ids.map((id) => cache.data!.getShared(`${batch.operation}\u0000${id}`, batch.partial)));
      ids.forEach((id, i) => {
        const entry = shared[i];
        if (entry?.absent) led.get(id)!.reject(notFoundError(entry.absent));
        else if (entry) led.get(id)!.resolve({ value: entry.value, maxAge: secondsLeft(entry.expiresAt) });
        else toFetch.push(id);
      });
    } else {
      toFetch.push(...ids);
    }
    count('redis_hit', ids.length - toFetch.length);
    count('miss', toFetch.length);
    if (toFetch.length > 0) {
      try {
        const fetched = await batch.fetchMany(toFetch);
        for (const id of toFetch) {
          const value = fetched.get(id);
          const flight = led.get(id)!;
          if (value instanceof Error) {
            storeAbsent(cache, `${batch.operation}\u0000${id}`, value);
            flight.reject(value);
          } else if (value === undefined) flight.reject(new Error(`IVS answered neither a value nor an error for ${id}`));
          else flight.resolve({ value, maxAge: store(cache, `${batch.operation}\u0000${id}`, value, batch) });
        }
      } catch (error) {
        for (const id of toFetch) led.get(id)!.reject(error);
      }
    }
  }

  const retry: string[] = [];
  await Promise.all(
    [...led, ...joined].map(async ([id, flightOrDeferred]) => {
      const isLeader = led.has(id);
      try {
        const { value, maxAge } = await ('promise' in flightOrDeferred ? flightOrDeferred.promise : flightOrDeferred);
        policy.note(maxAge);
        results.set(id, value);
      } catch (error) {
        if (!isLeader && !isSharedOutcome(error) && attempt < MAX_FOLLOWER_ATTEMPTS) retry.push(id);
        else results.set(id, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  if (retry.length > 0) {
    for (const [id, value] of await lookUpBatch(deps, { ...batch, keys: retry }, attempt + 1, count)) results.set(id, value);
  }
  return results;
}

function secondsLeft(expiresAt: number): number {
  return Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
}
