import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '../platform/redis.js';
import { ErrorCode, gatewayError } from '../kernel/errors.js';
import type { Metrics } from '../platform/metrics.js';
import type { IvsOperation, IvsRates } from '../kernel/ivs-operations.js';
import type { Quota } from './call.js';

/** A slot of the current second is not taken in its last 50 ms: the call would reach IVS in the next second. */
const END_OF_SECOND_GUARD_MS = 50;
/** Sleeping until a second starts ends this much after it, so a timer that fires early cannot land in the second before. */
const START_OF_SECOND_MARGIN_MS = 2;

export interface QuotaLimiterOptions {
  /** Calls per second per (account, region, operation). */
  rates: IvsRates;
  /** Longest wait for a slot; a call that would wait longer is refused at once with THROTTLED. */
  maxWaitMs: number;
  /** Shared buckets for every replica using the same Redis; null: this process only. */
  redis: RedisClient | null;
  keyPrefix: string;
  metrics: Metrics | null;
}

/**
 * IVS's call-rate quotas as token buckets per (account, region, operation), shared by every replica
 * through Redis when it is configured: each bucket holds `rate` tokens per wall-clock second. A call
 * takes a token of the current second, or reserves one of a coming second and sleeps until it starts,
 * as long as that is within `maxWaitMs`; otherwise it is refused at once (THROTTLED), without waiting.
 *
 * Built on rate-limiter-flexible: each second of each bucket is one fixed-window counter (points =
 * rate), in Redis (RateLimiterRedis, atomic increment with expiry) or in memory (RateLimiterMemory).
 * The Redis limiter's insurance limiter is an in-memory one: when Redis fails, each replica keeps to
 * the quota on its own (so N replicas may then reach N times the rate; logged by the Redis client).
 *
 * Every call admitted for a second starts inside that second (not in its last 50 ms), so IVS sees at
 * most `rate` calls in any wall-clock second, from all replicas together (given clocks in step). Unused
 * tokens are not carried over; like a token bucket of capacity `rate`, a burst of up to `rate` calls may
 * follow the previous second's `rate` calls across a second boundary.
 */
export class QuotaLimiter implements Quota {
  private readonly limiters = new Map<IvsOperation, RateLimiterAbstract>();
  /** Per bucket, the latest second this process saw full: saves a Redis round trip per queued call. */
  private readonly knownFull = new Map<string, number>();
  private readonly keyLifetimeSeconds: number;

  constructor(private readonly options: QuotaLimiterOptions) {
    // A second's counter must outlive every reservation made for it: up to maxWaitMs ahead, plus the second itself.
    this.keyLifetimeSeconds = Math.ceil(options.maxWaitMs / 1000) + 2;
  }

  /** Resolves when the call may go to IVS; throws THROTTLED when no slot is free within `maxWaitMs`. */
  async acquire(account: string, region: string, operation: IvsOperation): Promise<void> {
    const limiter = this.limiterFor(operation);
    const bucket = `${account}:${region}:${operation}`;
    const now = Date.now();
    let second = Math.floor(now / 1000);
    const lastSecond = Math.floor((now + this.options.maxWaitMs) / 1000);
    // Near the end of a second, count the call in the next one, but only where the wait allows reaching it:
    // with a short LIMITER_MAX_WAIT_MS an empty bucket must not refuse a call for the time of day.
    if (now - second * 1000 > 1000 - END_OF_SECOND_GUARD_MS && second + 1 <= lastSecond) second += 1;
    for (; second <= lastSecond; second++) {
      if ((this.knownFull.get(bucket) ?? -1) >= second) continue;
      try {
        await limiter.consume(`${bucket}:${second}`);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        this.knownFull.set(bucket, second);
        continue;
      }
      const wait = second * 1000 - Date.now();
      if (wait > 0) {
        this.options.metrics?.limiter.inc({ operation, region, result: 'waited' });
        this.options.metrics?.limiterWait.observe({ operation, region }, wait / 1000);
        await sleep(wait + START_OF_SECOND_MARGIN_MS);
      }
      return;
    }
    this.options.metrics?.limiter.inc({ operation, region, result: 'refused' });
    const rate = this.options.rates[operation];
    throw gatewayError(
      ErrorCode.THROTTLED,
      `IVS allows ${rate} ${operation} calls per second in ${region}, and every slot of the next ${this.options.maxWaitMs} ms is taken ` +
        '(the gateway keeps to the quota instead of drawing throttling errors); try again shortly.',
      { quota: { operation, region, callsPerSecond: rate } },
    );
  }

  private limiterFor(operation: IvsOperation): RateLimiterAbstract {
    let limiter = this.limiters.get(operation);
    if (!limiter) {
      const points = this.options.rates[operation];
      const keyPrefix = `${this.options.keyPrefix}quota`;
      const memory = new RateLimiterMemory({ points, duration: this.keyLifetimeSeconds, keyPrefix });
      limiter = this.options.redis
        ? new RateLimiterRedis({
            storeClient: this.options.redis,
            useRedisPackage: true,
            rejectIfRedisNotReady: true,
            points,
            duration: this.keyLifetimeSeconds,
            keyPrefix,
            insuranceLimiter: memory,
          })
        : memory;
      this.limiters.set(operation, limiter);
    }
    return limiter;
  }
}
