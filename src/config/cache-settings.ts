import { z } from 'zod';
import { IVS_OPERATION_NAMES, IVS_RATE_LIMITS, isIvsOperation, type IvsRates } from '../kernel/ivs-operations.js';
import { booleanFlag, integer } from './env-values.js';

/**
 * Environment variables of the performance layer (caches, the quota limiter, Redis, metrics), merged
 * into the gateway's environment schema in config.ts. docs/configuration.md lists them (test/unit/docs.test.ts checks).
 */

const RATE_OVERRIDES = /^[A-Za-z]+=[0-9]+(,[A-Za-z]+=[0-9]+)*$/;

export const performanceEnv = {
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379' }).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, { message: 'must be 1-64 letters, digits or :._-' })
    .default('ivs-gateway:'),
  CACHE_ENABLED: booleanFlag.default(true),
  CACHE_TTL_SECONDS: integer(0, 300).default(5),
  CACHE_ENDED_SESSION_TTL_SECONDS: integer(0, 31_536_000).default(86_400),
  NOT_FOUND_CACHE_SECONDS: integer(0, 300).default(5),
  CACHE_MAX_BYTES: integer(0, 16 * 1024 ** 3).default(64 * 1024 ** 2),
  RESPONSE_CACHE_MAX_BYTES: integer(0, 16 * 1024 ** 3).default(32 * 1024 ** 2),
  LIMITER_ENABLED: booleanFlag.default(true),
  LIMITER_MAX_WAIT_MS: integer(0, 60_000).default(1000),
  LIMITER_RATES: z
    .string()
    .regex(RATE_OVERRIDES, { message: 'must be a comma-separated list of Operation=callsPerSecond, such as GetStreamSession=5' })
    .refine((v) => v.split(',').every((pair) => isIvsOperation(pair.split('=')[0]!)), {
      message: `names an operation other than ${IVS_OPERATION_NAMES.join(', ')}`,
    })
    .refine((v) => v.split(',').every((pair) => Number(pair.split('=')[1]) >= 1), { message: 'has a rate below 1 call per second' })
    .optional(),
  QUOTA_SHARE: z.coerce
    .number({ message: 'must be a number above 0 and at most 1, such as 0.6' })
    .refine((v) => Number.isFinite(v) && v > 0 && v <= 1, { message: 'must be a number above 0 and at most 1, such as 0.6' })
    .default(0.6),
  METRICS: booleanFlag.default(true),
};

type PerformanceEnv = z.infer<z.ZodObject<typeof performanceEnv>>;

export interface PerformanceConfig {
  /** Shared second-level cache, shared quota buckets and shared APQ when set. */
  redis: { url: string; keyPrefix: string } | null;
  cache: {
    /** Cross-request caching (data and responses). Off: every request asks IVS (still de-duplicated in flight). */
    enabled: boolean;
    /** Anything that can still change (live or latest sessions, channels, streams, pages), seconds; 0: not cached. */
    ttlSeconds: number;
    /** Ended sessions asked for by streamId (immutable), seconds; 0: not cached. */
    endedSessionTtlSeconds: number;
    /** IVS's NOT_FOUND answers (no such channel, session, ...), seconds; 0: not cached. */
    notFoundTtlSeconds: number;
    /** In-process data cache bound, bytes of V8 heap (estimated: twice the serialized size of each entry). */
    maxBytes: number;
    /** In-process response cache bound, bytes; 0: no response cache. */
    responseMaxBytes: number;
  };
  limiter: {
    enabled: boolean;
    /** Longest a call may wait for a slot of its quota before the field is answered THROTTLED. */
    maxWaitMs: number;
    /** Calls per second, per operation (the IVS quotas unless overridden). */
    rates: IvsRates;
    /** QUOTA_SHARE: the fraction of each bucket's slots per second one principal may take (1: no share limit). */
    share: number;
  };
  /** Serve GET /metrics (Prometheus). */
  metrics: boolean;
}

export function performanceConfig(e: PerformanceEnv): PerformanceConfig {
  const overrides = Object.fromEntries(
    (e.LIMITER_RATES ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [operation, rate] = pair.split('=') as [string, string];
        return [operation, Number(rate)];
      }),
  );
  return {
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX } : null,
    cache: {
      enabled: e.CACHE_ENABLED,
      ttlSeconds: e.CACHE_TTL_SECONDS,
      endedSessionTtlSeconds: e.CACHE_ENDED_SESSION_TTL_SECONDS,
      notFoundTtlSeconds: e.NOT_FOUND_CACHE_SECONDS,
      maxBytes: e.CACHE_MAX_BYTES,
      responseMaxBytes: e.RESPONSE_CACHE_MAX_BYTES,
    },
    limiter: {
      enabled: e.LIMITER_ENABLED,
      maxWaitMs: e.LIMITER_MAX_WAIT_MS,
      rates: { ...IVS_RATE_LIMITS, ...overrides },
      share: e.QUOTA_SHARE,
    },
    metrics: e.METRICS,
  };
}
