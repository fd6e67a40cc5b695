import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Request } from 'express';
import type { Logger } from 'pino';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GraphQLSchema } from 'graphql';
import type { Authenticator } from '../auth/authenticator.js';
import type { PrincipalRateLimiter } from '../auth/rate-limit.js';
import { authenticate, principalOf } from './authenticate.js';
import type { Context } from '../graphql/context.js';
import type { ContextFactory } from '../graphql/create-context.js';
import type { DocumentLimits } from '../graphql/armor.js';
import type { OperationGuard } from '../graphql/guard.js';
import type { OperationExecutor } from '../graphql/executor.js';
import { ErrorCode, gatewayError } from '../kernel/errors.js';
import { requestDeadline } from '../platform/timeout.js';
import type { Metrics } from '../platform/metrics.js';
import { attachSubscriptionTransports } from './subscriptions.js';
import { apolloHandler } from './apollo-handler.js';
import { createGraphiql } from './graphiql/index.js';
import { sendError } from './errors.js';
import { healthRoutes, type Readiness } from './health.js';
import { currentRequest } from '../platform/request-context.js';
import { requestContext, requestRecordOf } from './request-log.js';
import { metricsHandler, requestTimer } from './request-metrics.js';
import { refuseDeepVariables } from './deep-variables.js';
import { rateLimit } from './rate-limit.js';
import { resolveTrustedDocuments } from './trusted-documents.js';
import { cacheControlPlugin } from '../graphql/cache-control.js';
import { sentErrorCodes, tracingPlugin } from '../graphql/tracing.js';
import { varyOnCredentials } from './vary.js';
import { principalCacheKey, responseCacheResultOf, type ResponseCache } from './response-cache.js';
import { startMetricsEndpoint, type MetricsAccess } from './metrics-endpoint.js';
import type { SubscriptionLimits } from './subscriptions.js';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4000; the GraphQL endpoint is `${url}/graphql`. */
  url: string;
  /** Where GET /metrics is served (METRICS_PORT's listener or the public one); `null`: nowhere. */
  metricsUrl: string | null;
  /** Not ready from now on (readiness 503), still serving: the shutdown delay before close(). */
  drain(): void;
  /** Not ready from now on; no new connections; in-flight requests get SHUTDOWN_GRACE_MS to finish. */
  close(): Promise<void>;
}

// Media types of Apollo's content negotiation; a browser that prefers text/html gets GraphiQL's page.
const GRAPHQL_MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html'];

/** What the HTTP layer is told (src/app.ts maps the configuration onto it). */
export interface ServerSettings {
  listen: { port: number; host: string };
  limits: DocumentLimits & { maxBodyBytes: number; requestTimeoutMs: number; maxConnections: number; httpBatching: boolean };
  graphiql: boolean;
  corsOrigins: '*' | readonly string[];
  shutdownGraceMs: number;
  subscriptions: Omit<SubscriptionLimits, 'maxMessageBytes' | 'operationTimeoutMs'>;
  /** GET /metrics: who may scrape it; `null`: not served (METRICS_ENABLED=false). */
  metrics: MetricsAccess | null;
  production: boolean;
  /** TRACE_RESOLVERS: a span per resolved field. */
  traceResolvers: boolean;
}

/** The long-lived objects the HTTP layer serves with, built by the composition root (src/app.ts). */
export interface ServerDeps {
  settings: ServerSettings;
  logger: Logger;
  metrics: Metrics;
  schema: GraphQLSchema;
  /** Runs every validated operation, on every transport: compiled, or on graphql-js (src/graphql/executor.ts). */
  executor: OperationExecutor;
  guard: OperationGuard;
  authenticator: Authenticator;
  readiness: Readiness;
  contextFor: ContextFactory;
  /** Whole responses (null when caching is off or RESPONSE_CACHE_MAX_BYTES=0). */
  responseCache: ResponseCache | null;
  /** Automatic persisted queries shared through Redis; undefined: Apollo's in-process default. */
  apqCache: KeyValueCache<string> | undefined;
  /** RATE_LIMIT_PER_PRINCIPAL and the keys' `rateLimit`, on every transport; null: no principal is limited. */
  rateLimiter: PrincipalRateLimiter | null;
}

/** Express and Apollo on one HTTP server: /graphql (HTTP, WebSocket, SSE), health, GraphiQL, metrics. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const {
    settings: config,
    logger,
    metrics,
    schema,
    executor,
    guard,
    authenticator,
    readiness,
    contextFor,
    responseCache,
    apqCache,
    rateLimiter,
  } = deps;
  const { listen } = config;
  const app = express();
  app.disable('x-powered-by');
  // Node enforces the two timeouts below only when it checks connections (every 30 s by default), so a
  // slow client held 10 s would be cut after up to 40 s: checking every tenth of the deadline keeps it
  // within 10% late, for a walk over the open connections that costs little (never more often than 100 ms).
  const connectionsCheckingInterval = Math.min(30_000, Math.max(100, Math.round(config.limits.requestTimeoutMs / 10)));
  const httpServer = createServer({ connectionsCheckingInterval }, app);
  // Slow clients: the whole request must arrive within the request deadline.
  httpServer.requestTimeout = config.limits.requestTimeoutMs;
  httpServer.headersTimeout = Math.min(60_000, config.limits.requestTimeoutMs);
  httpServer.maxConnections = config.limits.maxConnections;
  // GraphiQL, self-hosted (no CDN): a landing page on GET /graphql for browsers, plus its static files.
  const graphiql = config.graphiql ? await createGraphiql({ endpoint: '/graphql' }) : undefined;
  const apollo = new ApolloServer<Context>({
    // Apollo's gateway interface: Apollo parses, validates, runs the plugins and formats errors; the executor runs the operation.
    gateway: executor.gateway(schema, config.traceResolvers),
    includeStacktraceInErrorResponses: false,
    // Apollo's own messages (such as enabling inline tracing for federation) go to the structured log too.
    logger,
    formatError: guard.formatError,
    // The introspection gate is one of the guard's validation rules (INTROSPECTION), the same on every transport.
    introspection: true,
    csrfPrevention: true,
    // Signals are handled by src/http/shutdown.ts; Apollo's own handler would stop and re-raise the signal.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: config.limits.httpBatching,
    parseOptions: guard.parseOptions,
    validationRules: [...guard.validationRules],
    // Automatic persisted queries: shared by every replica through Redis when REDIS_URL is set (src/cache/).
    ...(apqCache && { persistedQueries: { cache: apqCache } }),
    plugins: [
      // Cache-Control comes from the data served (src/graphql/cache-control.ts), without a hook per field.
      ApolloServerPluginCacheControlDisabled(),
      cacheControlPlugin<Context>(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      // Apollo's default landing page loads from a CDN and fails offline: ours, or none.
      graphiql?.landingPage ?? ApolloServerPluginLandingPageDisabled(),
      guard.apolloPlugin(),
      recordOperations(),
      tracingPlugin<Context>({ traceResolvers: config.traceResolvers }),
    ],
  });
  await apollo.start();

  // GraphiQL's page executes nothing and needs no credentials (its requests carry the headers editor's).
  const isGraphiqlPage = (req: Request) =>
    graphiql !== undefined && req.method === 'GET' && req.accepts(GRAPHQL_MEDIA_TYPES) === 'text/html';
  const quiet = (req: Request) =>
    req.path === '/healthz' || req.path === '/readyz' || req.path.startsWith(graphiql?.assetsPath ?? '\u0000');
  app.use(requestContext(logger, quiet));
  app.use(healthRoutes(readiness));
  // Subscriptions: graphql-ws on this server's /graphql, graphql-sse on /graphql with Accept: text/event-stream (src/http/subscriptions.ts).
  const parseBody = express.json({ limit: config.limits.maxBodyBytes });
  const subscriptions = attachSubscriptionTransports({
    app,
    httpServer,
    path: '/graphql',
    schema,
    executor,
    contextFor,
    authenticator,
    guard,
    parseBody,
    rateLimiter,
    limits: { ...config.subscriptions, maxMessageBytes: config.limits.maxBodyBytes, operationTimeoutMs: config.limits.requestTimeoutMs },
    logger,
    metrics,
  });
  const metricsEndpoint = config.metrics
    ? await startMetricsEndpoint(metricsHandler(metrics), config.metrics, { host: listen.host, production: config.production, logger })
    : null;
  if (metricsEndpoint?.publicRoute) app.get('/metrics', ...metricsEndpoint.publicRoute);
  app.use(
    '/graphql',
    requestTimer(metrics, {
      responseCache: responseCacheResultOf,
      operationName: (res) => requestRecordOf(res)?.operationNames[0],
      principal: (res) => principalOf(res)?.id,
      errorCodes: (res) => requestRecordOf(res)?.errorCodes,
    }),
    varyOnCredentials(),
    cors(corsOptions(config.corsOrigins)),
    authenticate(authenticator, isGraphiqlPage),
    // Requests per second per principal, counted before the body is read (src/http/rate-limit.ts).
    ...(rateLimiter ? [rateLimit(rateLimiter)] : []),
    parseBody,
    refuseDeepVariables(),
    // Trusted documents (TRUSTED_DOCUMENTS): a listed id becomes its text, anything else refused as the mode says; before the cache keys on the body.
    resolveTrustedDocuments(guard),
    // Whole responses the data allowed to be cached, replayed to the same principal only (src/http/response-cache.ts).
    ...(responseCache
      ? [
          responseCache.middleware(
            (_req, res) => {
              const principal = principalOf(res);
              return principal && principalCacheKey(principal);
            },
            (_req, res, operationName) => requestRecordOf(res)?.operationNames.push(operationName),
          ),
        ]
      : []),
    apolloHandler(apollo, async (_req, res) => {
      const principal = principalOf(res);
      // Fail closed: only GraphiQL's page skips authentication, and Apollo answers that without a context.
      if (!principal) throw gatewayError(ErrorCode.UNAUTHENTICATED, 'Authentication required.', { http: { status: 401 } });
      const deadline = requestDeadline(config.limits.requestTimeoutMs);
      res.once('close', deadline.release);
      const context = contextFor(principal, deadline.signal);
      const record = requestRecordOf(res);
      if (record) record.ivsCalls = () => context.budget.used;
      return context;
    }),
  );
  if (graphiql) app.use(graphiql.assetsPath, graphiql.assets);
  app.use((_req, res) => {
    sendError(res, 404, ErrorCode.NOT_FOUND, 'Not found: the GraphQL endpoint is /graphql (health: /healthz, readiness: /readyz).');
  });
  app.use(jsonBodyErrors(logger, config.limits.maxBodyBytes));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, listen.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  const url = `http://${host}:${port}`;
  return {
    url,
    metricsUrl: metricsEndpoint?.url ? `${metricsEndpoint.url}/metrics` : metricsEndpoint?.publicRoute ? `${url}/metrics` : null,
    drain: () => readiness.drain(),
    close: async () => {
      readiness.drain();
      // Subscribers get a close frame saying to reconnect elsewhere.
      await subscriptions.close();
      await apollo.stop();
      await metricsEndpoint?.close();
    },
  };
}

function corsOptions(origins: '*' | readonly string[]): cors.CorsOptions {
  // No origin allowed: no CORS headers at all, so browsers keep to the same origin.
  return { origin: origins === '*' ? '*' : origins.length > 0 ? [...origins] : false, exposedHeaders: ['x-request-id'], maxAge: 600 };
}

/** Feeds the request's log line (src/http/request-log.ts): operation names and the codes of the errors sent. */
function recordOperations(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operationName, response }) {
          const record = currentRequest();
          if (!record) return;
          record.operationNames.push(operationName ?? null);
          record.errorCodes.push(...sentErrorCodes(response));
        },
      };
    },
  };
}

// Express's default handler answers body-parser failures with an HTML page; GraphQL clients expect JSON.
function jsonBodyErrors(logger: Logger, maxBodyBytes: number): ErrorRequestHandler {
  return (err: { status?: number; statusCode?: number; type?: string }, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = err.status ?? err.statusCode ?? 500;
    if (err.type === 'entity.too.large') {
      return sendError(
        res,
        413,
        ErrorCode.LIMIT_EXCEEDED,
        `The request body is larger than ${maxBodyBytes} bytes (MAX_BODY_BYTES); send a smaller document or fewer variables.`,
        {
          limit: 'maxBodyBytes',
        },
      );
    }
    if (err.type === 'entity.parse.failed') return sendError(res, 400, ErrorCode.BAD_REQUEST, 'The request body is not valid JSON.');
    if (err.type === 'charset.unsupported' || err.type === 'encoding.unsupported') {
      return sendError(
        res,
        415,
        ErrorCode.BAD_REQUEST,
        'The request body has a charset or content encoding this server does not read; send UTF-8 JSON.',
      );
    }
    if (status < 500) return sendError(res, status, ErrorCode.BAD_REQUEST, 'The request could not be read.');
    logger.error({ err }, 'unexpected error while serving a request');
    sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.');
  };
}
