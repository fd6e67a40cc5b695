import { InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import { QuotaLimiter } from '../upstream/quota-limiter.js';
import { Metrics } from '../platform/metrics.js';
import type { CacheLayer } from './cached-call.js';
import { DataCache } from './data-cache.js';
import { closeRedis, connectRedis, type RedisClient } from '../platform/redis.js';
import { ResponseCache } from '../http/response-cache.js';
import type { PerformanceConfig } from '../config/cache-settings.js';
import { createSharedCache, type SharedCache } from './shared-cache.js';
import { SingleFlight } from './single-flight.js';

/** The process-wide performance machinery: caches, in-flight sharing, the quota limiter, Redis, metrics. */
export interface Performance {
  metrics: Metrics;
  /** node-redis client when REDIS_URL is set (the quota limiter's store; shareable with other components). */
  redis: RedisClient | null;
  cache: CacheLayer;
  quota: QuotaLimiter | null;
  /** Whole responses (null when caching is off or RESPONSE_CACHE_MAX_BYTES=0). */
  responseCache: ResponseCache | null;
  /** Automatic persisted queries: in-process LRU in front of Redis when configured; undefined: Apollo's default. */
  apqCache: KeyValueCache<string> | undefined;
  close(): Promise<void>;
}

export async function startPerformance(config: PerformanceConfig, logger: Logger): Promise<Performance> {
  const metrics = new Metrics();
  let redis: RedisClient | null = null;
  let shared: SharedCache | null = null;
  if (config.redis) {
    redis = await connectRedis(config.redis.url, logger);
    shared = createSharedCache({ url: config.redis.url, prefix: config.redis.keyPrefix, logger, metrics });
  }
  const { cache: c } = config;
  const dataShared = shared && new PrefixingKeyValueCache(shared, 'data:');
  const cache: CacheLayer = {
    data: c.enabled ? new DataCache(c.maxBytes, dataShared, metrics) : null,
    flights: new SingleFlight(),
    ttlSeconds: c.ttlSeconds,
    immutableTtlSeconds: c.endedSessionTtlSeconds,
    metrics,
  };
  const quota = config.limiter.enabled
    ? new QuotaLimiter({ rates: config.limiter.rates, maxWaitMs: config.limiter.maxWaitMs, redis, keyPrefix: config.redis?.keyPrefix ?? '', metrics })
    : null;
  return {
    metrics,
    redis,
    cache,
    quota,
    responseCache: c.enabled && c.responseMaxBytes > 0 ? new ResponseCache(c.responseMaxBytes, metrics) : null,
    apqCache: shared ? new TieredCache(new InMemoryLRUCache<string>({ maxSize: 8 * 1024 * 1024 }), new PrefixingKeyValueCache(shared, 'apq:')) : undefined,
    async close() {
      await shared?.close();
      if (redis) await closeRedis(redis);
    },
  };
}

/** An in-process LRU in front of a shared cache: repeated reads of the same key stay in the process. */
class TieredCache implements KeyValueCache<string> {
  constructor(
    private readonly near: KeyValueCache<string>,
    private readonly far: KeyValueCache<string>,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const near = await this.near.get(key);
    if (near !== undefined) return near;
    const far = await this.far.get(key);
    if (far !== undefined) await this.near.set(key, far);
    return far;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await Promise.all([this.near.set(key, value, options), this.far.set(key, value, options)]);
  }

  async delete(key: string): Promise<boolean> {
    const [, far] = await Promise.all([this.near.delete(key), this.far.delete(key)]);
    return far === true;
  }
}
