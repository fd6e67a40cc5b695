import { setTimeout as sleep } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { fixedWindowCounter } from '../platform/fixed-window.js';
import type { RedisClient } from '../platform/redis.js';
import { ErrorCode, gatewayError } from '../kernel/errors.js';
import type { Metrics } from '../platform/metrics.js';
import type { IvsOperation, IvsRates } from '../kernel/ivs-operations.js';
import type { Quota, QuotaPrincipal } from './call.js';

/** A slot of the current second is not taken in its last 50 ms: the call would reach IVS in the next second. */
const END_OF_SECOND_GUARD_MS = 50;
/** Sleeping until a second starts ends this much after it, so a timer that fires early cannot land in the second before. */
const START_OF_SECOND_MARGIN_MS = 2;
/** (principal, bucket) pairs whose latest full second this process remembers (JWT subjects are unbounded). */
const KNOWN_FULL_SHARES = 10_000;
/** The metric label of calls made for no principal (the pollers, the readiness probe). */
const NO_PRINCIPAL_LABEL = 'internal';

/**
 * The slots of a bucket of `rate` per second one principal may take with `share` (QUOTA_SHARE):
 * floor(share × rate), at least 1. Rounded down so that the others always keep at least
 * (1 − share) × rate of every second (rate 5, share 0.6: 3, leaving 2). The small epsilon keeps
 * products such as 0.29 × 100 = 28.999999999999996 at 29.
 */
export function shareOf(rate: number, share: number): number {
  return Math.min(rate, Math.max(1, Math.floor(share * rate + 1e-9)));
}

export interface QuotaLimiterOptions {
  /** Calls per second per (account, region, operation). */
  rates: IvsRates;
  /** Longest wait for a slot; a call that would wait longer is refused at once with THROTTLED. */
  maxWaitMs: number;
  /** Shared buckets for every replica using the same Redis; null: this process only. */
  redis: RedisClient | null;
  keyPrefix: string;
  metrics: Metrics | null;
  /** QUOTA_SHARE: the fraction of each bucket's slots per second one principal may take (see `shareOf`); default 1 (no share limit). */
  share?: number;
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
 *
 * Fair share (QUOTA_SHARE): each principal may take at most `shareOf(rate, share)` of a bucket's slots
 * in any one second, counted by a second fixed-window counter per (principal, bucket, second), in the
 * same store as the buckets. A call takes its principal's counter first, then the bucket's: a principal
 * over its share never touches the bucket, and when the bucket turns out full the principal's point is
 * given back (`reward`). The other order would hold a shared slot while the share is checked, so for a
 * moment a caller over its share could make another caller's call wait or fail; this order can only
 * over-count the principal's own counter, for a moment and in a second whose bucket is full (where no
 * call gets a slot anyway), so it never exceeds its share nor loses any of it. A principal over its share in one second takes its share of a
 * coming second within `maxWaitMs`, like any call; past that it is refused (THROTTLED, with
 * `extensions.quota.reason` `share`, where a full bucket says `quota`).
 */
export class QuotaLimiter implements Quota {
  private readonly limiters = new Map<IvsOperation, RateLimiterAbstract>();
  private readonly shareLimiters = new Map<IvsOperation, RateLimiterAbstract>();
  /** Per bucket, the latest second this process saw full: saves a Redis round trip per queued call. */
  private readonly knownFull = new Map<string, number>();
  /** Per (principal, bucket), the latest second this process saw the principal's share of it used. */
  private readonly knownShareUsed = new LRUCache<string, number>({ max: KNOWN_FULL_SHARES });
  private readonly keyLifetimeSeconds: number;
  private readonly share: number;

  constructor(private readonly options: QuotaLimiterOptions) {
    // A second's counter must outlive every reservation made for it: up to maxWaitMs ahead, plus the second itself.
    this.keyLifetimeSeconds = Math.ceil(options.maxWaitMs / 1000) + 2;
    this.share = options.share ?? 1;
  }

  /**
   * Resolves when the call may go to IVS; throws THROTTLED when no slot is free within `maxWaitMs`, or
   * none that `principal`'s share allows (null: no share limit).
   */
  async acquire(account: string, region: string, operation: IvsOperation, principal: QuotaPrincipal | null): Promise<void> {
    const limiter = this.limiterFor(operation);
    const rate = this.options.rates[operation];
    const perPrincipal = shareOf(rate, this.share);
    // A share of the whole rate limits nothing: no second counter.
    const shareLimiter = principal && perPrincipal < rate ? this.shareLimiterFor(operation, perPrincipal) : null;
    const label = principal?.label ?? NO_PRINCIPAL_LABEL;
    const bucket = `${account}:${region}:${operation}`;
    const shareKey = principal && `${bucket}:${principal.id}`;
    const now = Date.now();
    let second = Math.floor(now / 1000);
    const lastSecond = Math.floor((now + this.options.maxWaitMs) / 1000);
    // Near the end of a second, count the call in the next one, but only where the wait allows reaching it:
    // with a short LIMITER_MAX_WAIT_MS an empty bucket must not refuse a call for the time of day.
    if (now - second * 1000 > 1000 - END_OF_SECOND_GUARD_MS && second + 1 <= lastSecond) second += 1;
    let shareUsed = false;
    for (; second <= lastSecond; second++) {
      if ((this.knownFull.get(bucket) ?? -1) >= second) continue;
      if (shareLimiter && shareKey) {
        if ((this.knownShareUsed.get(shareKey) ?? -1) >= second) {
          shareUsed = true;
          continue;
        }
        // The principal's counter first: a caller over its share must not hold a shared slot, even for a moment.
        if (!(await take(shareLimiter, `${shareKey}:${second}`))) {
          shareUsed = true;
          this.knownShareUsed.set(shareKey, second);
          continue;
        }
      }
      if (!(await take(limiter, `${bucket}:${second}`))) {
        this.knownFull.set(bucket, second);
        // Not spent: the principal's point goes back for a later call of its own.
        if (shareLimiter && shareKey) await giveBack(shareLimiter, `${shareKey}:${second}`);
        continue;
      }
      this.options.metrics?.quotaSlots.inc({ principal: label, result: 'taken' });
      const wait = second * 1000 - Date.now();
      if (wait > 0) {
        this.options.metrics?.limiter.inc({ operation, region, result: 'waited' });
        this.options.metrics?.limiterWait.observe({ operation, region }, wait / 1000);
        await sleep(wait + START_OF_SECOND_MARGIN_MS);
      }
      return;
    }
    this.options.metrics?.limiter.inc({ operation, region, result: 'refused' });
    this.options.metrics?.quotaSlots.inc({ principal: label, result: 'refused' });
    if (shareUsed) {
      throw gatewayError(
        ErrorCode.THROTTLED,
        `IVS allows ${rate} ${operation} calls per second in ${region}, and the caller's share of them (${perPrincipal} per second, QUOTA_SHARE) ` +
          `is used for the next ${this.options.maxWaitMs} ms; the rest is kept for other callers. Spread the calls out, or ask for fewer at once.`,
        { quota: { operation, region, callsPerSecond: rate, reason: 'share', principalCallsPerSecond: perPrincipal } },
      );
    }
    throw gatewayError(
      ErrorCode.THROTTLED,
      `IVS allows ${rate} ${operation} calls per second in ${region}, and every slot of the next ${this.options.maxWaitMs} ms is taken ` +
        '(the gateway keeps to the quota instead of drawing throttling errors); try again shortly.',
      { quota: { operation, region, callsPerSecond: rate, reason: 'quota' } },
    );
  }

  private limiterFor(operation: IvsOperation): RateLimiterAbstract {
    let limiter = this.limiters.get(operation);
    if (!limiter) {
      limiter = this.counter(this.options.rates[operation], 'quota');
      this.limiters.set(operation, limiter);
    }
    return limiter;
  }

  /** Counters of (bucket, principal, second), `points` each: Redis keys `<prefix>quota-share:<account>:<region>:<operation>:<principal>:<second>`. */
  private shareLimiterFor(operation: IvsOperation, points: number): RateLimiterAbstract {
    let limiter = this.shareLimiters.get(operation);
    if (!limiter) {
      limiter = this.counter(points, 'quota-share');
      this.shareLimiters.set(operation, limiter);
    }
    return limiter;
  }

  /** Fixed-window counters of `points` per key, living as long as a reservation may be made ahead. */
  private counter(points: number, name: string): RateLimiterAbstract {
    return fixedWindowCounter({
      redis: this.options.redis,
      points,
      durationSeconds: this.keyLifetimeSeconds,
      keyPrefix: `${this.options.keyPrefix}${name}`,
    });
  }
}

/**
 * One point of `key`'s counter: true when within its points. A refused consume still counts its point
 * (rate-limiter-flexible counts every consume); that never matters, as a counter is refused from then on
 * and points are given back only in a second whose bucket is full (where no call gets a slot anyway).
 */
async function take(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return false;
  }
}

/** Gives a point of `key`'s counter back. */
async function giveBack(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.reward(key, 1);
  } catch {
    // Redis failing: the counter keeps the point until its key expires (the caller may get less of its share, never more).
  }
}
