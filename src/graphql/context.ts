import type { Logger } from 'pino';
import type { Config } from '../config/load.js';
import type { IvsClientOptions } from '../upstream/clients.js';
import { IvsClients } from '../upstream/clients.js';
import { RegionLimiter } from '../upstream/in-flight-cap.js';
import { NO_QUOTA, type UpstreamDeps } from '../upstream/call.js';
import { createLoaders, type IvsDeps, type Loaders } from '../ivs/loaders/index.js';
import { guardLoaders } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { IvsCallBudget } from '../upstream/budget.js';
import type { Performance } from '../cache/index.js';
import { RequestCachePolicy } from '../cache/policy.js';
import { hasScope, Scope } from '../auth/principal.js';
import { listAllLiveStreams } from '../ivs/loaders/pages.js';
import { localCoordinator } from '../live/coordinator.js';
import { LiveHub } from '../live/hub.js';
import { RedisCoordinator } from '../live/redis-coordinator.js';

/** Process-wide singletons, built once at start-up and shared by every request. */
export interface Services {
  config: Config;
  logger: Logger;
  /** What calling IVS needs: clients, in-flight cap, quota, metrics (src/upstream/). */
  upstream: UpstreamDeps;
  /** Caches, quota limiter, Redis, metrics (src/cache/). */
  performance: Performance;
  /** The shared live-stream pollers behind every subscription (src/live/). */
  live: LiveHub;
}

/** What every resolver receives: per-request loaders over the shared services. */
export interface Context {
  loaders: Loaders;
  /** IVS regions that region-less lists (channels, liveStreams) walk, in order. */
  regions: readonly string[];
  /** The only regions a caller may name (IVS_ALLOWED_REGIONS). */
  allowedRegions: readonly string[];
  logger: Logger;
  /** Who is asking (src/auth/): scopes and AWS accounts; the loaders already enforce them. */
  principal: Principal;
  /** Upstream IVS calls this operation has made, and may still make (IVS_CALL_BUDGET). */
  budget: IvsCallBudget;
  /** How long this response may be cached, from the data served (src/cache/policy.ts). */
  cachePolicy: RequestCachePolicy;
  /** Subscriptions: the shared hub, and how far a subscriber may fall behind before it is dropped. */
  live: { hub: LiveHub; maxBuffered: number };
}

export function createServices(
  config: Config,
  logger: Logger,
  upstream: Pick<IvsClientOptions, 'endpoint' | 'credentials'>,
  performance: Performance,
): Services {
  const { metrics } = performance;
  // IVS's throttling answers, per attempt (the SDK retries them): the gateway's limiter should keep this at 0.
  const onResponse = (commandName: string, region: string, status: number) => {
    if (status === 429) metrics.ivsThrottles.inc({ operation: commandName.replace(/Command$/, ''), region });
  };
  const ivsUpstream: UpstreamDeps = {
    clients: new IvsClients({ ...upstream, timeoutMs: config.ivs.timeoutMs, maxAttempts: config.ivs.maxAttempts, allowedRegions: config.ivs.allowedRegions, onResponse }),
    // The in-flight cap follows the quota limiter's rates (LIMITER_RATES overrides included).
    inFlight: new RegionLimiter(config.ivs.maxConcurrencyPerRegion, config.performance.limiter.rates),
    quota: performance.quota ?? NO_QUOTA,
    metrics,
    logger,
    timeoutMs: config.ivs.timeoutMs,
    allowedRegions: config.ivs.allowedRegions,
  };
  const { live } = config;
  return {
    config,
    logger,
    performance,
    upstream: ivsUpstream,
    // Pollers draw their ListStreams calls from the same quota limiter as queries (README, Live updates).
    live: new LiveHub({
      intervalMs: live.pollIntervalMs,
      viewerThreshold: live.viewerCountThreshold,
      fetchLiveStreams: (region) => listAllLiveStreams(ivsUpstream, region),
      coordinator: performance.redis
        ? new RedisCoordinator(performance.redis, { leaseMs: live.leaseMs, prefix: config.performance.redis?.keyPrefix ?? 'ivs-gateway:', logger })
        : localCoordinator,
      logger,
    }),
  };
}

/**
 * Loaders are per request: their cache must never serve one caller's results to another. They call
 * IVS within the request's budget and deadline, and only for what the principal may read.
 */
export function createContext(services: Services, principal: Principal, deadline?: AbortSignal): Context {
  const { ivsCallBudget, requestTimeoutMs } = services.config.limits;
  const budget = new IvsCallBudget(ivsCallBudget);
  // Credentials make the response private; a principal that may read stream secrets gets no-store (src/cache/policy.ts).
  const cachePolicy = new RequestCachePolicy({ credentialed: principal.kind !== 'anonymous', readsSecrets: hasScope(principal, Scope.INGEST_SECRETS) });
  const ivs: IvsDeps = {
    upstream: services.upstream,
    cache: services.performance.cache,
    scope: { budget, deadline: { signal: deadline ?? AbortSignal.timeout(requestTimeoutMs), ms: requestTimeoutMs } },
    policy: cachePolicy,
  };
  let loaders: Loaders | undefined;
  return {
    // Built on first use: a subscription whose messages select no IVS-backed nested field never needs them.
    get loaders() {
      return (loaders ??= guardLoaders(createLoaders(ivs), principal));
    },
    regions: services.config.ivs.regions,
    allowedRegions: services.config.ivs.allowedRegions,
    logger: services.logger,
    principal,
    budget,
    cachePolicy,
    live: { hub: services.live, maxBuffered: services.config.live.buffer },
  };
}
