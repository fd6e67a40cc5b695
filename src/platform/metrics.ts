import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../kernel/errors.js';

/**
 * The `code` label values of `ivs_gateway_graphql_errors_total`: the gateway's codes and Apollo's own;
 * any other code (a resolver's, a client's) is `other`, so no sender can grow the series.
 */
export const GRAPHQL_ERROR_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_HASH_MISMATCH',
]);

/** The transports of subscriptions, as label values. */
export type SubscriptionTransport = 'graphql-ws' | 'graphql-sse';
/** What a Redis connection is used for, as label values. */
export type RedisUse = 'quota' | 'cache';

/** Distinct operation names used as label values, in all. */
export const OPERATION_LABELS = 200;
/** Of those, how many one principal may add. */
export const OPERATION_LABELS_PER_PRINCIPAL = 20;

/**
 * The gateway's Prometheus metrics. One registry per app instance (not prom-client's global one), so
 * two gateways in one process (tests, benchmarks) keep separate counts.
 */
export class Metrics {
  readonly registry = new Registry();

  /** GraphQL requests over HTTP, by operation name (as the client named it; capped, see `operationLabel`). */
  readonly requestDuration = new Histogram({
    name: 'ivs_gateway_request_duration_seconds',
    help: 'Duration of GraphQL requests over HTTP, from the first middleware to the response, by operation name',
    labelNames: ['operation', 'response_cache'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Every call that went upstream to IVS, with its outcome: `ok` or the error code it was answered with. */
  readonly ivsCalls = new Counter({
    name: 'ivs_gateway_ivs_calls_total',
    help: 'IVS calls made (cache hits and shared in-flight calls are not calls), by operation, region and outcome (ok or the error code)',
    labelNames: ['operation', 'region', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly ivsCallDuration = new Histogram({
    name: 'ivs_gateway_ivs_call_duration_seconds',
    help: 'Duration of IVS calls (SDK retries included, quota waits excluded), by operation and region',
    labelNames: ['operation', 'region'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** HTTP 429 answers from IVS, counted per attempt (the SDK retries them). */
  readonly ivsThrottles = new Counter({
    name: 'ivs_gateway_ivs_throttles_total',
    help: 'Throttling answers (HTTP 429) received from IVS, per attempt, by operation and region',
    labelNames: ['operation', 'region'] as const,
    registers: [this.registry],
  });

  readonly cache = new Counter({
    name: 'ivs_gateway_cache_total',
    help: 'Cache lookups by cache (memory: in-process data, redis: shared data, response: whole responses, inflight: hit when it joined an identical IVS call already in flight, miss when it started one) and result',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  readonly limiter = new Counter({
    name: 'ivs_gateway_limiter_total',
    help: 'IVS calls that waited for a slot of the call-rate quota, or were refused (THROTTLED) because the wait would be too long',
    labelNames: ['operation', 'region', 'result'] as const,
    registers: [this.registry],
  });

  /**
   * Quota slots by principal: `principal` is a configured API key id, `jwt` (every token subject together),
   * `anonymous`, or `internal` (the live pollers, the readiness probe): a bounded set, whatever the callers send.
   */
  readonly quotaSlots = new Counter({
    name: 'ivs_gateway_quota_slots_total',
    help: 'Slots of the IVS call-rate quota taken (the call went on to IVS) or refused (THROTTLED), by principal (an API key id, jwt, anonymous or internal)',
    labelNames: ['principal', 'result'] as const,
    registers: [this.registry],
  });

  readonly limiterWait = new Histogram({
    name: 'ivs_gateway_limiter_wait_seconds',
    help: 'How long IVS calls waited for a slot of the call-rate quota (calls that did not wait are not observed)',
    labelNames: ['operation', 'region'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [this.registry],
  });

  readonly redisErrors = new Counter({
    name: 'ivs_gateway_redis_errors_total',
    help: 'Redis operations that failed (the gateway then falls back to in-process behaviour), by use',
    labelNames: ['use'] as const,
    registers: [this.registry],
  });

  /** Subscription operations running now (each holds one slot of src/live/slots.ts), by transport. */
  readonly subscriptionsActive = new Gauge({
    name: 'ivs_gateway_subscriptions_active',
    help: 'Subscriptions running now, by transport (graphql-ws, graphql-sse)',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  readonly subscriptionMessages = new Counter({
    name: 'ivs_gateway_subscription_messages_total',
    help: 'Messages (next payloads) sent to subscribers, by transport (graphql-ws, graphql-sse)',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  /** Every operation executed, on every transport: compiled (graphql-jit) or on graphql-js, and why. */
  readonly graphqlExecutions = new Counter({
    name: 'ivs_gateway_graphql_executions_total',
    help: 'GraphQL operations executed, by executor (jit, graphql-js) and reason (compiled; configured, traced, warming, unsupported or errors for graphql-js)',
    labelNames: ['executor', 'reason'] as const,
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: 'ivs_gateway_graphql_errors_total',
    help: 'GraphQL errors sent to clients on every transport, by extensions.code (the gateway and Apollo codes; other for anything else)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  /** Present only for the Redis connections the gateway has (REDIS_URL set). */
  readonly redisUp = new Gauge({
    name: 'ivs_gateway_redis_up',
    help: 'Whether the Redis connection used for this use (quota: quota buckets and live coordination, cache: shared cache) answers: 1, or 0 during an outage',
    labelNames: ['use'] as const,
    registers: [this.registry],
  });

  readonly buildInfo = new Gauge({
    name: 'ivs_gateway_build_info',
    help: 'Always 1; labelled with the gateway version (package.json) and the Node.js version',
    labelNames: ['version', 'node'] as const,
    registers: [this.registry],
  });

  private readonly operations = new Set<string>();
  /** How many of `operations` each principal added: bounded by OPERATION_LABELS, as only adding one counts. */
  private readonly addedBy = new Map<string, number>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    // Process CPU, memory, event loop lag, GC: the usual Node.js metrics, in this registry.
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.buildInfo.set({ version: GATEWAY_VERSION, node: process.versions.node }, 1);
  }

  /** Counts GraphQL errors about to be sent, by code (bounded: see GRAPHQL_ERROR_CODES). */
  countErrors(codes: Iterable<unknown>): void {
    for (const code of codes) this.graphqlErrors.inc({ code: errorCodeLabel(code) });
  }

  /**
   * Operation names come from clients: only plain GraphQL names are used as label values, and at most
   * OPERATION_LABELS distinct ones, so a client cannot grow the metric set without bound. Each principal
   * (`anonymous` callers together) may add at most OPERATION_LABELS_PER_PRINCIPAL of them, so one caller
   * cannot use up the slots of everyone else; its further names are `other`.
   */
  operationLabel(name: unknown, principal = 'anonymous'): string {
    if (typeof name !== 'string' || name === '') return 'anonymous';
    if (this.operations.has(name)) return name;
    const added = this.addedBy.get(principal) ?? 0;
    if (!/^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name) || this.operations.size >= OPERATION_LABELS || added >= OPERATION_LABELS_PER_PRINCIPAL)
      return 'other';
    this.operations.add(name);
    this.addedBy.set(principal, added + 1);
    return name;
  }
}

/** A code as a label value: one of GRAPHQL_ERROR_CODES, else `other`; an error without a code is INTERNAL_SERVER_ERROR. */
export function errorCodeLabel(code: unknown): string {
  if (code === undefined || code === null) return ErrorCode.INTERNAL_SERVER_ERROR;
  return typeof code === 'string' && GRAPHQL_ERROR_CODES.has(code) ? code : 'other';
}

/**
 * The version in the gateway's package.json, read once: the nearest package.json above this module
 * named ivs-graphql-gateway (src/platform/ when run from source, dist/src/platform/ when built).
 */
function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'ivs-graphql-gateway' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here: look one directory up.
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

const GATEWAY_VERSION = readVersion();
