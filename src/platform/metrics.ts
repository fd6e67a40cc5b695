import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

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
    help: 'Cache lookups by cache (memory: in-process data, redis: shared data, response: whole responses, inflight: joined an identical IVS call already in flight) and result',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  readonly limiter = new Counter({
    name: 'ivs_gateway_limiter_total',
    help: 'IVS calls that waited for a slot of the call-rate quota, or were refused (THROTTLED) because the wait would be too long',
    labelNames: ['operation', 'region', 'result'] as const,
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

  private readonly operations = new Set<string>();
  /** How many of `operations` each principal added: bounded by OPERATION_LABELS, as only adding one counts. */
  private readonly addedBy = new Map<string, number>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    // Process CPU, memory, event loop lag, GC: the usual Node.js metrics, in this registry.
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
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
