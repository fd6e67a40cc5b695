import type { IvsClient } from '@aws-sdk/client-ivs';
import type { Logger } from 'pino';
import { ErrorCode } from '../kernel/errors.js';
import type { IvsClients } from './clients.js';
import { mapIvsError } from './errors.js';
import type { UnknownEnumReporter } from '../ivs/mappers.js';
import type { RegionLimiter } from './in-flight-cap.js';
import type { IvsCallBudget } from './budget.js';
import { withTimeout } from '../platform/timeout.js';
import type { CacheLayer } from '../cache/cached-call.js';
import type { RequestCachePolicy } from '../cache/policy.js';
import type { Metrics } from '../platform/metrics.js';
import type { QuotaLimiter } from './quota-limiter.js';
import { requireAllowedRegion } from '../kernel/regions.js';

/** What the IVS data layer needs from the process: shared clients, the shared limiter, a logger. */
export interface IvsDeps {
  clients: IvsClients;
  limiter: RegionLimiter;
  logger: Logger;
  timeoutMs: number;
  /** IVS_ALLOWED_REGIONS: a call for any other region is refused before anything else. */
  allowedRegions: readonly string[];
  /** Per request (set by createContext): the operation's IVS call budget (src/limits/budget.ts). */
  budget?: IvsCallBudget;
  /** Per request (set by createContext): aborts when the request's deadline (REQUEST_TIMEOUT_MS) passes. */
  deadline?: { signal: AbortSignal; ms: number };
  /** Cross-request cache and in-flight sharing (src/cache/); absent: every load calls IVS. */
  cache?: CacheLayer;
  /** IVS call-rate quotas per (account, region, operation), shared through Redis when configured; absent or null: off. */
  quota?: QuotaLimiter | null;
  metrics?: Metrics | null;
  /** Per request (set by createContext): how long the response may be cached, noted by every value served. */
  policy?: RequestCachePolicy;
}

export type IvsOperation =
  | 'GetStreamSession'
  | 'ListStreamSessions'
  | 'BatchGetChannel'
  | 'ListChannels'
  | 'GetStream'
  | 'ListStreams'
  | 'GetRecordingConfiguration';

/**
 * The one way the gateway calls IVS: through the region's shared client, inside the (region,
 * operation) concurrency cap, with a deadline, and with failures turned into coded GraphQL errors.
 */
export async function callIvs<T>(
  deps: IvsDeps,
  region: string,
  operation: IvsOperation,
  send: (client: IvsClient, abortSignal: AbortSignal) => Promise<T>,
  logContext: Record<string, unknown> = {},
): Promise<T> {
  // First: a region the caller made up must not cost a budget unit, a quota slot, a client or a metric label.
  requireAllowedRegion(deps.allowedRegions, region);
  // Budget and request deadline (src/limits/): checked right before a call really goes upstream, so a
  // de-duplicated or cached answer costs nothing. Over budget or past the deadline: no IVS call at all.
  if (deps.deadline?.signal.aborted) throw mapIvsError(deps.deadline.signal.reason, operation, deps.timeoutMs, { expired: true, ms: deps.deadline.ms }).error;
  deps.budget?.spend(operation);
  // IVS's call-rate quota (src/ivs/quota-limiter.ts): a short wait for a slot, or THROTTLED at once.
  if (deps.quota) await deps.quota.acquire(accountOf(logContext), region, operation);

  const started = performance.now();
  try {
    // The call's own deadline starts when it leaves the queue, so waiting for a slot does not eat into
    // it; the request's deadline bounds it too (retries and their backoff included).
    const output = await deps.limiter.run(region, operation, () =>
      withTimeout(deps.timeoutMs, deps.deadline?.signal, (signal) => send(deps.clients.forRegion(region), signal)),
    );
    deps.metrics?.ivsCalls.inc({ operation, region, outcome: 'ok' });
    deps.metrics?.ivsCallDuration.observe({ operation, region }, (performance.now() - started) / 1000);
    return output;
  } catch (thrown) {
    const { error, detail } = mapIvsError(thrown, operation, deps.timeoutMs, deps.deadline && { expired: deps.deadline.signal.aborted, ms: deps.deadline.ms }, resourceOf(logContext));
    // Answers about the caller's input (not found, denied, invalid) are routine; the rest needs an operator.
    const routine = error.extensions.code !== ErrorCode.THROTTLED && error.extensions.code !== ErrorCode.UPSTREAM_ERROR;
    deps.logger[routine ? 'debug' : 'warn']({ ...logContext, region, ivs: detail, code: error.extensions.code }, `IVS ${operation} failed`);
    deps.metrics?.ivsCalls.inc({ operation, region, outcome: String(error.extensions.code) });
    deps.metrics?.ivsCallDuration.observe({ operation, region }, (performance.now() - started) / 1000);
    throw error;
  }
}

const ARN_ACCOUNT = /^arn:aws:ivs:[a-z0-9-]*:([0-9]+):/;

/** The AWS account a call is for (its quota is per account): from the ARN it is about, else the credentials' own ('default'). */
function accountOf(logContext: Record<string, unknown>): string {
  if (typeof logContext.accountId === 'string') return logContext.accountId;
  const arn = resourceOf(logContext);
  return (arn && ARN_ACCOUNT.exec(arn)?.[1]) || 'default';
}

/** The ARN a call is about, if it is about one resource (error messages name it). */
function resourceOf(logContext: Record<string, unknown>): string | undefined {
  const arn = logContext.channelArn ?? logContext.recordingConfigurationArn;
  return typeof arn === 'string' ? arn : undefined;
}

/** Logs each enum value IVS sent that the schema does not know yet, with where it came from. */
export function enumReporter(logger: Logger, context: Record<string, unknown>): UnknownEnumReporter {
  return (field, value) =>
    logger.warn({ ...context, field, value }, 'IVS sent an enum value this schema does not know yet; serving null for it');
}
