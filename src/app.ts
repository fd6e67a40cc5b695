import { InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { Authenticator } from './auth/authenticator.js';
import { PrincipalRateLimiter } from './auth/rate-limit.js';
import type { CacheLayer } from './cache/cached-call.js';
import { DataCache } from './cache/data-cache.js';
import { createSharedCache } from './cache/shared-cache.js';
import { SingleFlight } from './cache/single-flight.js';
import { TieredCache } from './cache/tiered-cache.js';
import { ConfigError, type Config } from './config/load.js';
import { contextFactory } from './graphql/create-context.js';
import { documentRules, OperationGuard } from './graphql/guard.js';
import { buildSchema, loadTypeDefs } from './graphql/schema.js';
import { OperationExecutor } from './graphql/executor.js';
import { TrustedDocuments, TrustedDocumentsError } from './graphql/trusted-documents.js';
import { Readiness } from './http/health.js';
import { ResponseCache } from './http/response-cache.js';
import { startServer } from './http/server.js';
import { listAllLiveStreams } from './ivs/loaders/pages.js';
import { localCoordinator } from './live/coordinator.js';
import { LiveHub } from './live/hub.js';
import { RedisCoordinator } from './live/redis-coordinator.js';
import { Metrics } from './platform/metrics.js';
import { closeRedis, connectRedis } from './platform/redis.js';
import { NO_QUOTA, type UpstreamDeps } from './upstream/call.js';
import { IvsClients, type IvsClientOptions } from './upstream/clients.js';
import { RegionLimiter } from './upstream/in-flight-cap.js';
import { QuotaLimiter } from './upstream/quota-limiter.js';

// The embedded IVS accepts any signature; these only let the SDK sign without an AWS account.
const EMBEDDED_IVS_CREDENTIALS = { accessKeyId: 'AKIAEMBEDDEDIVSDEMO', secretAccessKey: 'embedded-ivs-demo-secret' };

export interface RunningApp {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  graphqlUrl: string;
  /** Where GET /metrics is served (METRICS_PORT, METRICS_TOKEN); `null`: nowhere. */
  metricsUrl: string | null;
  /** Where IVS calls go, for the start-up log line. */
  ivsTarget: string;
  /** Readiness answers 503 from now on; everything still serves (the shutdown delay, src/http/shutdown.ts). */
  drain(): void;
  close(): Promise<void>;
}

/**
 * The composition root: the one place that builds the gateway's long-lived objects, in dependency
 * order, on the backend the configuration names (embedded IVS, an endpoint, or AWS). Each one that
 * holds a resource pushes its close onto one stack, unwound in reverse on close (or when start-up fails).
 */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (let closer = closers.pop(); closer; closer = closers.pop()) await closer();
  };
  try {
    // The schema, and the trusted documents parsed and validated against it, before anything starts:
    // a manifest document that does not validate stops start-up as a configuration error (one line).
    const typeDefs = loadTypeDefs();
    const schema = buildSchema(typeDefs);
    const trustedDocuments = config.trustedDocuments && buildTrustedDocuments(config.trustedDocuments, config, schema);
    // Document limits, introspection and _service gates, trusted documents, error formatting: one guard for every transport.
    const guard = new OperationGuard(config.limits, { introspection: config.introspection, logger, trustedDocuments });
    if (trustedDocuments) {
      logger.info({ trustedDocuments: trustedDocuments.size, mode: trustedDocuments.mode }, 'trusted documents loaded');
    }

    // Demo code loads only when it runs: production's `aws` backend never imports it.
    const embedded =
      config.backend.kind === 'embedded'
        ? await (await import('./embedded-ivs/server.js')).startEmbeddedIvs({ port: config.backend.port })
        : undefined;
    if (embedded) closers.push(() => embedded.close());
    const target: Pick<IvsClientOptions, 'endpoint' | 'credentials'> = embedded
      ? { endpoint: embedded.url, credentials: EMBEDDED_IVS_CREDENTIALS }
      : config.backend.kind === 'endpoint'
        ? { endpoint: config.backend.url }
        : {};
    const { performance: perf } = config;

    const metrics = new Metrics();
    // Compiled operations run against a schema of their own, built from the same SDL and resolvers (src/graphql/executor.ts says why).
    const executor = new OperationExecutor(buildSchema(typeDefs), { ...config.execution, metrics });
    const redis = perf.redis ? await connectRedis(perf.redis.url, logger, metrics) : null;
    if (redis) closers.push(() => closeRedis(redis));
    const shared = perf.redis ? createSharedCache({ url: perf.redis.url, prefix: perf.redis.keyPrefix, logger, metrics }) : null;
    if (shared) closers.push(() => shared.close());

    const cache: CacheLayer = {
      data: perf.cache.enabled ? new DataCache(perf.cache.maxBytes, shared && new PrefixingKeyValueCache(shared, 'data:'), metrics) : null,
      flights: new SingleFlight(),
      ttlSeconds: perf.cache.ttlSeconds,
      immutableTtlSeconds: perf.cache.endedSessionTtlSeconds,
      notFoundTtlSeconds: perf.cache.notFoundTtlSeconds,
      metrics,
    };
    // IVS's throttling answers, per attempt (the SDK retries them): the gateway's limiter should keep this at 0.
    const onResponse = (commandName: string, region: string, status: number) => {
      if (status === 429) metrics.ivsThrottles.inc({ operation: commandName.replace(/Command$/, ''), region });
    };
    const clients = new IvsClients({
      ...target,
      timeoutMs: config.ivs.timeoutMs,
      maxAttempts: config.ivs.maxAttempts,
      allowedRegions: config.ivs.allowedRegions,
      onResponse,
    });
    closers.push(() => clients.destroy());
    const upstream: UpstreamDeps = {
      clients,
      // The in-flight cap follows the quota limiter's rates (LIMITER_RATES overrides included).
      inFlight: new RegionLimiter(config.ivs.maxConcurrencyPerRegion, perf.limiter.rates),
      quota: perf.limiter.enabled
        ? new QuotaLimiter({
            rates: perf.limiter.rates,
            maxWaitMs: perf.limiter.maxWaitMs,
            share: perf.limiter.share,
            redis,
            keyPrefix: perf.redis?.keyPrefix ?? '',
            metrics,
          })
        : NO_QUOTA,
      metrics,
      logger,
      timeoutMs: config.ivs.timeoutMs,
      allowedRegions: config.ivs.allowedRegions,
    };

    // Pollers draw their ListStreams calls from the same quota limiter as queries (docs/live-updates.md).
    const { live } = config;
    const hub = new LiveHub({
      intervalMs: live.pollIntervalMs,
      viewerThreshold: live.viewerCountThreshold,
      fetchLiveStreams: (region) => listAllLiveStreams(upstream, region),
      coordinator:
        redis && perf.redis
          ? new RedisCoordinator(redis, { leaseMs: live.leaseMs, prefix: perf.redis.keyPrefix, logger })
          : localCoordinator,
      logger,
    });
    closers.push(() => hub.close());

    const authenticator = new Authenticator(config.auth);
    if (!authenticator.acceptsAnyone)
      logger.warn('no API_KEYS, no JWT key set and ALLOW_ANONYMOUS is off: every GraphQL request will get 401');
    const server = await startServer({
      settings: {
        listen: { port: config.port, host: config.host },
        limits: config.limits,
        graphiql: config.graphiql,
        corsOrigins: config.corsOrigins,
        shutdownGraceMs: config.shutdownGraceMs,
        subscriptions: {
          perConnection: live.perConnection,
          perPrincipal: live.perPrincipal,
          total: live.maxSubscriptions,
          maxBufferedBytes: live.maxBufferedBytes,
          keepAliveMs: live.keepAliveMs,
        },
        metrics: perf.metrics ? config.metricsAccess : null,
        production: config.production,
        traceResolvers: config.traceResolvers,
      },
      logger,
      metrics,
      schema,
      executor,
      guard,
      authenticator,
      readiness: new Readiness({
        upstream,
        region: config.ivs.regions[0] ?? 'us-east-1',
        timeoutMs: Math.min(config.ivs.timeoutMs, 3_000),
        jwt: authenticator.jwt,
        logger,
      }),
      contextFor: contextFactory({
        upstream,
        cache,
        hub,
        logger,
        settings: {
          regions: config.ivs.regions,
          allowedRegions: config.ivs.allowedRegions,
          ivsCallBudget: config.limits.ivsCallBudget,
          requestTimeoutMs: config.limits.requestTimeoutMs,
          subscriptionBuffer: live.buffer,
        },
      }),
      responseCache: perf.cache.enabled && perf.cache.responseMaxBytes > 0 ? new ResponseCache(perf.cache.responseMaxBytes, metrics) : null,
      apqCache: shared ? apqCacheOver(shared) : undefined,
      rateLimiter: PrincipalRateLimiter.needed(config.limits.ratePerPrincipal, config.auth.apiKeys)
        ? new PrincipalRateLimiter({
            perPrincipal: config.limits.ratePerPrincipal,
            apiKeys: config.auth.apiKeys,
            redis,
            keyPrefix: perf.redis?.keyPrefix ?? '',
          })
        : null,
    });
    closers.push(() => server.close());

    // The local demo changes over time, so live subscriptions (GraphiQL, docs) show real updates.
    if (embedded && live.demoTimeline) {
      const { startDemoTimeline } = await import('./embedded-ivs/timeline.js');
      closers.push(startDemoTimeline(embedded.data));
    }
    return {
      graphqlUrl: `${server.url}/graphql`,
      metricsUrl: server.metricsUrl,
      ivsTarget: embedded ? `embedded IVS at ${embedded.url}` : (target.endpoint ?? 'AWS regional endpoints'),
      drain: () => server.drain(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function buildTrustedDocuments(settings: NonNullable<Config['trustedDocuments']>, config: Config, schema: GraphQLSchema): TrustedDocuments {
  try {
    return TrustedDocuments.build(settings.entries, settings.mode, schema, documentRules(config.limits, config.introspection));
  } catch (error) {
    if (!(error instanceof TrustedDocumentsError)) throw error;
    throw new ConfigError(`Invalid TRUSTED_DOCUMENTS=${JSON.stringify(settings.file)}: ${error.message}`);
  }
}

/** Automatic persisted queries: an in-process LRU in front of Redis, shared by every replica. */
function apqCacheOver(shared: KeyValueCache<string>): KeyValueCache<string> {
  return new TieredCache(new InMemoryLRUCache<string>({ maxSize: 8 * 1024 * 1024 }), new PrefixingKeyValueCache(shared, 'apq:'));
}
