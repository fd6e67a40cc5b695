import type { Logger } from 'pino';
import { guardLoaders } from '../auth/access.js';
import { hasScope, Scope, type Principal } from '../auth/principal.js';
import type { CacheLayer } from '../cache/cached-call.js';
import { RequestCachePolicy } from '../cache/policy.js';
import { createLoaders, type IvsDeps, type Loaders } from '../ivs/loaders/index.js';
import type { LiveHub } from '../live/hub.js';
import { IvsCallBudget } from '../upstream/budget.js';
import type { QuotaPrincipal, UpstreamDeps } from '../upstream/call.js';
import type { Context } from './context.js';

export interface ContextSettings {
  /** IVS_REGIONS: what region-less lists walk. */
  regions: readonly string[];
  /** IVS_ALLOWED_REGIONS. */
  allowedRegions: readonly string[];
  /** IVS_CALL_BUDGET: upstream calls one operation may make. */
  ivsCallBudget: number;
  /** REQUEST_TIMEOUT_MS: the deadline's length, for error messages. */
  requestTimeoutMs: number;
  /** SUBSCRIPTION_BUFFER: messages a subscriber may fall behind. */
  subscriptionBuffer: number;
}

/** Builds one operation's Context: who asks, and the deadline its IVS calls must meet. */
export type ContextFactory = (principal: Principal, deadline: AbortSignal) => Context;

/**
 * Loaders are per operation: their cache must never serve one caller's results to another. They call
 * IVS within the operation's budget and deadline, and only for what the principal may read.
 */
export function contextFactory(deps: {
  upstream: UpstreamDeps;
  cache: CacheLayer;
  hub: LiveHub;
  logger: Logger;
  settings: ContextSettings;
}): ContextFactory {
  const { upstream, cache, hub, logger, settings } = deps;
  return (principal, deadline) => {
    const budget = new IvsCallBudget(settings.ivsCallBudget);
    // Credentials make the response private; a principal that may read stream secrets gets no-store (src/cache/policy.ts).
    const cachePolicy = new RequestCachePolicy({
      credentialed: principal.kind !== 'anonymous',
      readsSecrets: hasScope(principal, Scope.INGEST_SECRETS),
    });
    const ivs: IvsDeps = {
      upstream,
      cache,
      scope: { budget, deadline: { signal: deadline, ms: settings.requestTimeoutMs }, principal: quotaPrincipalOf(principal) },
      policy: cachePolicy,
    };
    let loaders: Loaders | undefined;
    return {
      // Built on first use: a subscription whose messages select no IVS-backed nested field never needs them.
      get loaders() {
        return (loaders ??= guardLoaders(createLoaders(ivs), principal));
      },
      regions: settings.regions,
      allowedRegions: settings.allowedRegions,
      logger,
      principal,
      budget,
      cachePolicy,
      live: { hub, maxBuffered: settings.subscriptionBuffer },
    };
  };
}

/**
 * The principal as the quota limiter sees it: each API key, JWT subject and the anonymous principal has
 * its own share (keyed by kind and id, so an API key id can never name a token's subject); the metric
 * label is the key's configured id, or just `jwt` or `anonymous`, so callers cannot grow the label set.
 */
export function quotaPrincipalOf(principal: Principal): QuotaPrincipal {
  return { id: `${principal.kind}:${principal.id}`, label: principal.kind === 'api-key' ? principal.id : principal.kind };
}
