import type { GraphQLError } from 'graphql';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { fixedWindowCounter } from '../platform/fixed-window.js';
import { ErrorCode, gatewayError } from '../kernel/errors.js';
import type { RedisClient } from '../platform/redis.js';
import type { ApiKeyEntry } from './api-keys.js';
import type { Principal } from './principal.js';

/** A request refused by the rate limit: what to tell the caller, and when to come back. */
export interface RateLimited {
  message: string;
  /** Whole seconds, at least 1: the Retry-After header and `extensions.retryAfterSeconds`. */
  retryAfterSeconds: number;
}

export interface PrincipalRateLimitOptions {
  /** RATE_LIMIT_PER_PRINCIPAL: requests per second of every principal without its own limit; 0: none. */
  perPrincipal: number;
  /** The configured API keys: a key's `rateLimit` overrides `perPrincipal` (0: no limit for that key). */
  apiKeys: readonly ApiKeyEntry[];
  /** Counters shared by every replica using the same Redis; null: this process only. */
  redis: RedisClient | null;
  keyPrefix: string;
}

/**
 * Requests per second per principal: every HTTP request to /graphql and every operation started over
 * graphql-ws or graphql-sse takes one point of its principal's counter (an API key, one JWT subject,
 * or all anonymous callers together). A fixed one-second window per principal, by rate-limiter-flexible:
 * in Redis when configured (one count across replicas; an in-memory insurance limiter while Redis
 * fails, each replica then counting on its own), in memory otherwise. The memory limiters keep a key
 * only for the second of its window, so memory follows the principals active in the last second.
 */
export class PrincipalRateLimiter {
  /** One limiter per distinct rate (the default and each key's override): rate-limiter-flexible's points are per limiter. */
  private readonly limiters = new Map<number, RateLimiterAbstract>();
  private readonly perKey: ReadonlyMap<string, number>;

  constructor(private readonly options: PrincipalRateLimitOptions) {
    this.perKey = new Map(options.apiKeys.flatMap((key) => (key.rateLimit === undefined ? [] : [[key.id, key.rateLimit]])));
  }

  /** Whether any principal is limited at all (else the gateway need not build one). */
  static needed(perPrincipal: number, apiKeys: readonly ApiKeyEntry[]): boolean {
    return perPrincipal > 0 || apiKeys.some((key) => (key.rateLimit ?? 0) > 0);
  }

  /** Requests per second `principal` may make; 0: no limit. */
  rateOf(principal: Principal): number {
    return (principal.kind === 'api-key' ? this.perKey.get(principal.id) : undefined) ?? this.options.perPrincipal;
  }

  /** Takes one point of the principal's counter: null when the request may go on, else why not. */
  async admit(principal: Principal): Promise<RateLimited | null> {
    const rate = this.rateOf(principal);
    if (rate <= 0) return null;
    try {
      // Kind and id: an API key id can never name a token's subject.
      await this.limiterFor(rate).consume(`${principal.kind}:${principal.id}`);
      return null;
    } catch (rejection) {
      // Neither Redis nor its insurance limiter answered: let the request through rather than refuse everyone.
      if (!(rejection instanceof RateLimiterRes)) return null;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const who = principal.kind === 'anonymous' ? 'Anonymous callers together' : `The credentials presented (${principal.id})`;
      const setting = principal.kind === 'api-key' && this.perKey.has(principal.id) ? "the key's rateLimit" : 'RATE_LIMIT_PER_PRINCIPAL';
      return {
        retryAfterSeconds,
        message:
          `Too many requests: ${who} may send ${rate} requests or operations per second (${setting}). ` +
          `Wait ${retryAfterSeconds} s (Retry-After) before sending more, and spread requests out or put several fields in one operation.`,
      };
    }
  }

  private limiterFor(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      // Redis keys: <prefix>rate:<points>:<kind>:<id>, expiring with their one-second window.
      limiter = fixedWindowCounter({
        redis: this.options.redis,
        points,
        durationSeconds: 1,
        keyPrefix: `${this.options.keyPrefix}rate:${points}`,
      });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}

/** The refusal as a GraphQL error (WebSocket operations): code RATE_LIMITED, with `retryAfterSeconds`. */
export function rateLimitedError(refusal: RateLimited): GraphQLError {
  return gatewayError(ErrorCode.RATE_LIMITED, refusal.message, { retryAfterSeconds: refusal.retryAfterSeconds });
}
