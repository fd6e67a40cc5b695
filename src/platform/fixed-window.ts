import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from './redis.js';

/**
 * Fixed-window counters of `points` per key and `durationSeconds` window, by rate-limiter-flexible: in
 * Redis when one is configured (atomic increments shared by every replica, with an in-memory insurance
 * limiter while Redis fails, each replica then counting on its own), in memory otherwise. What the IVS
 * quota buckets, the principals' shares of them and the per-principal rate limit count with.
 */
export function fixedWindowCounter(options: {
  redis: RedisClient | null;
  points: number;
  durationSeconds: number;
  keyPrefix: string;
}): RateLimiterAbstract {
  const { redis, points, durationSeconds: duration, keyPrefix } = options;
  const memory = new RateLimiterMemory({ points, duration, keyPrefix });
  return redis
    ? new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        points,
        duration,
        keyPrefix,
        insuranceLimiter: memory,
      })
    : memory;
}
