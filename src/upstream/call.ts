import type { IvsClient } from '@aws-sdk/client-ivs';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { ErrorCode, errorCodeOf } from '../kernel/errors.js';
import type { IvsOperation } from '../kernel/ivs-operations.js';
import { requireAllowedRegion } from '../kernel/regions.js';
import type { Metrics } from '../platform/metrics.js';
import { tracer } from '../platform/telemetry.js';
import { withTimeout } from '../platform/timeout.js';
import { NO_BUDGET_LIMIT, type CallBudget } from './budget.js';
import type { IvsClients } from './clients.js';
import { mapIvsError } from './errors.js';
import type { RegionLimiter } from './in-flight-cap.js';

/**
 * Who a call is made for, as the quota limiter sees it: `id` keys the caller's fair share of each
 * bucket (one per API key, JWT subject, or the anonymous principal); `label` is its metric label value,
 * from a bounded set (configured API key ids, `jwt`, `anonymous`).
 */
export interface QuotaPrincipal {
  readonly id: string;
  readonly label: string;
}

/**
 * IVS's call-rate quotas per (account, region, operation): a short wait for a slot, or THROTTLED
 * (src/upstream/quota-limiter.ts). `principal` may take at most its share (QUOTA_SHARE) of each
 * bucket's slots per second; `null` (the pollers, the readiness probe): no share limit.
 */
export interface Quota {
  acquire(account: string, region: string, operation: IvsOperation, principal: QuotaPrincipal | null): Promise<void>;
}

/** No quota (LIMITER_ENABLED=false): every call goes straight on. */
export const NO_QUOTA: Quota = { acquire: () => Promise.resolve() };

/** What calling IVS needs from the process: built once, shared by every request and the live pollers. */
export interface UpstreamDeps {
  /** One SDK client per region. */
  clients: IvsClients;
  /** The cap on calls in flight per (region, operation). */
  inFlight: RegionLimiter;
  /** The call-rate quotas (NO_QUOTA when off). */
  quota: Quota;
  metrics: Metrics;
  logger: Logger;
  /** Deadline of one call (IVS_TIMEOUT_MS), retries included. */
  timeoutMs: number;
  /** IVS_ALLOWED_REGIONS: a call for any other region is refused before anything else. */
  allowedRegions: readonly string[];
}

/**
 * What bounds the calls of one GraphQL operation: its IVS call budget, its deadline (REQUEST_TIMEOUT_MS)
 * and whose share of the quota it spends.
 */
export interface CallScope {
  budget: CallBudget;
  /** Aborts when the request's deadline passes; null: only each call's own deadline. */
  deadline: { signal: AbortSignal; ms: number } | null;
  /** The principal the operation runs for (its fair share of the quota); null: no share limit. */
  principal: QuotaPrincipal | null;
}

/** Calls that belong to no GraphQL operation (the live pollers, the readiness probe): no budget limit, no deadline, no share limit. */
export const UNBOUNDED: CallScope = { budget: NO_BUDGET_LIMIT, deadline: null, principal: null };

/** The quota account of calls that are not about one account's resource (ListChannels, ListStreams): the credentials' own. */
export const CREDENTIALS_ACCOUNT = 'default';

/** What one IVS call is: where it goes, whose quota it is charged to, and what it is about. */
export interface IvsCall {
  region: string;
  /** The AWS account whose quota the call spends: the account of the ARN it is about, else CREDENTIALS_ACCOUNT. */
  account: string;
  operation: IvsOperation;
  /** The ARN the call is about, when it is about one resource (denial messages name it). */
  resource?: string;
}

/**
 * The one way the gateway calls IVS: through the region's shared client, inside the (region,
 * operation) concurrency cap and the account's quota, with a deadline, and with failures turned into
 * coded GraphQL errors. `logFields` are only logged. Each call is one client span (docs/observability.md).
 */
export function callIvs<T>(
  upstream: UpstreamDeps,
  scope: CallScope,
  call: IvsCall,
  send: (client: IvsClient, abortSignal: AbortSignal) => Promise<T>,
  logFields: Record<string, unknown> = {},
): Promise<T> {
  const { region, account, operation } = call;
  return tracer.startActiveSpan(
    `IVS.${operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'rpc.system': 'aws-api',
        'rpc.service': 'IVS',
        'rpc.method': operation,
        'cloud.region': region,
        'cloud.account.id': account,
      },
    },
    async (span) => {
      try {
        const output = await calling(upstream, scope, call, send, logFields, span);
        endCallSpan(span, 'ok', output);
        return output;
      } catch (error) {
        endCallSpan(span, errorCodeOf(error), error);
        throw error;
      }
    },
  );
}

/** outcome: `ok` or the error code; retries from the SDK's `$metadata.attempts` when the output has it (errors: set in `calling`). */
function endCallSpan(span: Span, outcome: string, outputOrError: unknown): void {
  span.setAttribute('gateway.ivs.outcome', outcome);
  // An SDK output carries $metadata; sendRaw's answer ({ output, bytes }) one level down.
  type WithMetadata = { $metadata?: { attempts?: unknown }; output?: { $metadata?: { attempts?: unknown } } } | null;
  const metadata = (outputOrError as WithMetadata)?.$metadata ?? (outputOrError as WithMetadata)?.output?.$metadata;
  const attempts = metadata?.attempts;
  if (typeof attempts === 'number') span.setAttribute('gateway.ivs.retries', Math.max(0, attempts - 1));
  if (outcome !== 'ok') {
    span.setAttribute('error.type', outcome);
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
  }
  span.end();
}

async function calling<T>(
  upstream: UpstreamDeps,
  scope: CallScope,
  { region, account, operation, resource }: IvsCall,
  send: (client: IvsClient, abortSignal: AbortSignal) => Promise<T>,
  logFields: Record<string, unknown>,
  span: Span,
): Promise<T> {
  const { deadline } = scope;
  // First: a region the caller made up must not cost a budget unit, a quota slot, a client or a metric label.
  requireAllowedRegion(upstream.allowedRegions, region);
  // Budget and request deadline: checked right before a call really goes upstream, so a
  // de-duplicated or cached answer costs nothing. Over budget or past the deadline: no IVS call at all.
  if (deadline?.signal.aborted)
    throw mapIvsError(deadline.signal.reason, operation, upstream.timeoutMs, { expired: true, ms: deadline.ms }).error;
  scope.budget.spend(operation);
  // IVS's call-rate quota, within the principal's share of it: a short wait for a slot, or THROTTLED at once.
  const queued = performance.now();
  await upstream.quota.acquire(account, region, operation, scope.principal);
  span.setAttribute('gateway.quota.wait_ms', Math.round(performance.now() - queued));

  const started = performance.now();
  try {
    // The call's own deadline starts when it leaves the queue, so waiting for a slot does not eat into
    // it; the request's deadline bounds it too (retries and their backoff included).
    const output = await upstream.inFlight.run(region, operation, () => {
      span.setAttribute('gateway.in_flight.wait_ms', Math.round(performance.now() - started));
      return withTimeout(upstream.timeoutMs, deadline?.signal, (signal) => send(upstream.clients.forRegion(region), signal));
    });
    upstream.metrics.ivsCalls.inc({ operation, region, outcome: 'ok' });
    upstream.metrics.ivsCallDuration.observe({ operation, region }, (performance.now() - started) / 1000);
    return output;
  } catch (thrown) {
    const attempts = (thrown as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
    if (typeof attempts === 'number') span.setAttribute('gateway.ivs.retries', Math.max(0, attempts - 1));
    const { error, detail } = mapIvsError(
      thrown,
      operation,
      upstream.timeoutMs,
      deadline ? { expired: deadline.signal.aborted, ms: deadline.ms } : undefined,
      resource,
    );
    // Answers about the caller's input (not found, denied, invalid) are routine; the rest needs an operator.
    const routine = error.extensions.code !== ErrorCode.THROTTLED && error.extensions.code !== ErrorCode.UPSTREAM_ERROR;
    upstream.logger[routine ? 'debug' : 'warn'](
      { ...logFields, region, ivs: detail, code: error.extensions.code },
      `IVS ${operation} failed`,
    );
    upstream.metrics.ivsCalls.inc({ operation, region, outcome: String(error.extensions.code) });
    upstream.metrics.ivsCallDuration.observe({ operation, region }, (performance.now() - started) / 1000);
    throw error;
  }
}
