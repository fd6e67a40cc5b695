import type { Server } from 'node:http';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Span } from '@opentelemetry/api';
import { type DocumentNode, type GraphQLError, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { hasExpired, whenExpired } from '../auth/expiry.js';
import { AuthError } from '../auth/jwt.js';
import type { Authenticator } from '../auth/authenticator.js';
import { rateLimitedError, type PrincipalRateLimiter } from '../auth/rate-limit.js';
import { authenticate, principalOf } from './authenticate.js';
import type { Principal } from '../auth/principal.js';
import type { Context } from '../graphql/context.js';
import type { ContextFactory } from '../graphql/create-context.js';
import type { OperationExecutor } from '../graphql/executor.js';
import { endOperationSpan, startOperationSpan } from '../graphql/tracing.js';
import { ErrorCode, errorCodeOf, gatewayError } from '../kernel/errors.js';
import { boundedForLog } from '../platform/log-strings.js';
import type { Metrics } from '../platform/metrics.js';
import { requestDeadline } from '../platform/timeout.js';
import { serveGraphqlWs } from './graphql-ws-server.js';
import { sendError } from './errors.js';
import {
  isRefusal,
  refusalStatus,
  type OperationGuard,
  type OperationRequest,
  type ResolvedRequest,
  type Transport,
} from '../graphql/guard.js';
import { resolvedDocumentOf, resolveTrustedDocuments } from './trusted-documents.js';
import { SubscriptionSlots, type ConnectionSlots, type SlotLimits } from '../live/slots.js';

export interface SubscriptionLimits extends SlotLimits {
  /** Bytes a WebSocket may have queued before its consumer counts as too slow and is disconnected. */
  maxBufferedBytes: number;
  keepAliveMs: number;
  /** Largest WebSocket message, and largest SSE request body (MAX_BODY_BYTES). */
  maxMessageBytes: number;
  /** Deadline of a query or other non-subscription operation (REQUEST_TIMEOUT_MS). */
  operationTimeoutMs: number;
}

// Close codes in the private range (4000-4999), each with a reason that says what to do.
const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_SLOW_CONSUMER = 4408;
const CLOSE_GOING_AWAY = 1001;
const EXPIRED_REASON = `${ErrorCode.UNAUTHENTICATED}: the bearer token expired; reconnect with a fresh token.`;

/** One running operation of a WebSocket or SSE stream: what its log line says, and what it holds. */
class OperationRun {
  private readonly startedAt = performance.now();
  private readonly errorCodes: string[] = [];
  private finished = false;

  constructor(
    readonly transport: Transport,
    private readonly principal: Principal,
    private readonly operationName: string | null,
    readonly operationType: string,
    readonly context: Context,
    /** Gives back the subscription slot and clears the deadline. */
    private readonly release: () => void,
    document?: DocumentNode,
  ) {
    this.span = startOperationSpan(context, { operationName, operationType, document, transport });
  }

  /** The operation's span (src/graphql/tracing.ts), ended with the operation. */
  private readonly span: Span;

  noteErrors(errors: readonly GraphQLFormattedError[]): void {
    for (const error of errors) this.errorCodes.push(errorCodeOf(error));
  }

  finish(logger: Logger): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
    endOperationSpan(this.span, this.errorCodes);
    logger.info(
      {
        transport: this.transport,
        operationName: boundedForLog(this.operationName),
        operationType: this.operationType,
        principal: this.principal.id,
        durationMs: Math.round(performance.now() - this.startedAt),
        ivsCalls: this.context.budget.used,
        errorCodes: this.errorCodes,
      },
      'operation',
    );
  }
}

/**
 * GraphQL over WebSocket (graphql-ws protocol, on the HTTP server's own port and path) and over
 * Server-Sent Events (graphql-sse, on the same URL with `Accept: text/event-stream`). Both run every
 * operation through the same operation guard as HTTP (document limits, introspection and `_service`
 * gates, one error formatter), with the same credentials, contexts, IVS call budget and request
 * deadline for non-subscription operations; subscriptions take slots capped per connection, per
 * principal and overall. A connection authenticated by a JWT ends when the token expires.
 */
export function attachSubscriptionTransports(options: {
  app: Express;
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  /** Runs queries (compiled where it can); subscriptions run on graphql-js's `subscribe`. */
  executor: OperationExecutor;
  /** Builds each operation's Context (the same factory as HTTP's). */
  contextFor: ContextFactory;
  authenticator: Authenticator;
  guard: OperationGuard;
  /** Express's JSON body parser with the HTTP route's limit (its errors reach the app's error handler). */
  parseBody: RequestHandler;
  /** Requests per second per principal: every operation started counts (null: none limited). */
  rateLimiter: PrincipalRateLimiter | null;
  limits: SubscriptionLimits;
  logger: Logger;
  /** ivs_gateway_subscriptions_active, ivs_gateway_subscription_messages_total, ivs_gateway_graphql_errors_total. */
  metrics: Metrics;
}): { close: () => Promise<void> } {
  const { schema, executor, contextFor, authenticator, guard, limits, logger, metrics, rateLimiter } = options;
  // No field instrumentation here (TRACE_RESOLVERS's field spans are Apollo's): compiled wherever it can be.
  const execute = (args: ExecutionArgs) => executor.execute(args, { traced: false });
  const slots = new SubscriptionSlots(limits);

  /** The guard's checks, then a slot (subscriptions) or a deadline (everything else) and a context. */
  const start = (
    transport: Transport,
    request: OperationRequest,
    principal: Principal,
    connection: ConnectionSlots,
    resolved?: ResolvedRequest,
  ): { args: ExecutionArgs; run: OperationRun } | readonly GraphQLError[] => {
    const prepared = guard.prepare(schema, request, principal, transport, resolved);
    if (isRefusal(prepared)) return prepared.errors;
    const { operation, document, operationName, variables } = prepared;
    let release: () => void;
    let deadline: AbortSignal;
    if (operation.operation === 'subscription') {
      const slot = slots.acquire(principal.id, connection);
      if (typeof slot !== 'function') return [slot];
      // The gauge follows the slot: up now, down when the run finishes (once: OperationRun.finish).
      metrics.subscriptionsActive.inc({ transport });
      release = () => {
        slot();
        metrics.subscriptionsActive.dec({ transport });
      };
      // A subscription lives as long as its client keeps it; its messages' fields have no deadline.
      deadline = new AbortController().signal;
    } else {
      ({ signal: deadline, release } = requestDeadline(limits.operationTimeoutMs));
    }
    const context = contextFor(principal, deadline);
    const run = new OperationRun(transport, principal, operationName, operation.operation, context, release, document);
    return { args: { schema, document, operationName, variableValues: variables, contextValue: context }, run };
  };
  const formatted = (run: OperationRun | undefined, errors: readonly GraphQLError[]) => {
    const result = guard.formatErrors(errors);
    run?.noteErrors(result);
    metrics.countErrors(result.map((error) => error.extensions?.code));
    return result;
  };
  /** A subscription's every `next` is a message to its subscriber. */
  const sent = (run: OperationRun | undefined) => {
    if (run?.operationType === 'subscription') metrics.subscriptionMessages.inc({ transport: run.transport });
  };

  // WebSocket: maxPayload bounds every frame, connection_init included, before anything parses it.
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: limits.maxMessageBytes });
  const sockets = new WeakMap<
    WebSocket,
    { principal: Principal; slots: ConnectionSlots; runs: Map<string, OperationRun>; cancelExpiry: () => void }
  >();
  const endSocket = (socket: WebSocket) => {
    const state = sockets.get(socket);
    if (!state) return;
    state.cancelExpiry();
    for (const run of state.runs.values()) run.finish(logger);
    state.runs.clear();
    sockets.delete(socket);
  };
  const disposable = serveGraphqlWs<Record<string, unknown>>(
    {
      schema,
      execute,
      async onConnect(ctx) {
        // Browsers cannot set headers on a WebSocket: credentials may come as connection parameters.
        const params = ctx.connectionParams ?? {};
        const fromParams = (name: string) => {
          const value = params[name] ?? params[name === 'x-api-key' ? 'apiKey' : 'Authorization'];
          return typeof value === 'string' ? value : undefined;
        };
        const { socket } = ctx.extra;
        try {
          const principal = await authenticator.authenticateHeaders(
            (name) => fromParams(name) ?? headerOf(ctx.extra.request.headers[name]),
          );
          const cancelExpiry = whenExpired(principal, () => socket.close(CLOSE_UNAUTHENTICATED, EXPIRED_REASON));
          sockets.set(socket, { principal, slots: { held: 0 }, runs: new Map(), cancelExpiry });
          socket.once('close', () => endSocket(socket));
          return true;
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          socket.close(CLOSE_UNAUTHENTICATED, `${ErrorCode.UNAUTHENTICATED}: ${error.message}`.slice(0, 120));
          return false;
        }
      },
      async onSubscribe(ctx, id, payload) {
        const state = sockets.get(ctx.extra.socket)!;
        // The expiry timer closes the socket; this covers an operation that arrives in the same instant.
        if (hasExpired(state.principal)) {
          ctx.extra.socket.close(CLOSE_UNAUTHENTICATED, EXPIRED_REASON);
          return [gatewayError(ErrorCode.UNAUTHENTICATED, EXPIRED_REASON)];
        }
        // Each operation is one request of the principal's rate; refused, it ends with an error, the socket stays.
        const refusal = await rateLimiter?.admit(state.principal);
        if (refusal) return [rateLimitedError(refusal)];
        const started = start('graphql-ws', payload, state.principal, state.slots);
        if (Array.isArray(started)) return started;
        const { args, run } = started as { args: ExecutionArgs; run: OperationRun };
        state.runs.set(id, run);
        return args;
      },
      onNext(ctx, id, _payload, _args, result) {
        const { socket } = ctx.extra;
        if (socket.bufferedAmount > limits.maxBufferedBytes) {
          logger.warn({ bufferedBytes: socket.bufferedAmount }, 'dropping a slow subscription consumer');
          socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer: messages queued faster than they were read; reconnect.');
        }
        const run = sockets.get(socket)?.runs.get(id);
        sent(run);
        const { errors, ...rest } = result;
        return errors ? { ...rest, errors: formatted(run, errors) } : rest;
      },
      onError(ctx, id, _payload, errors) {
        return formatted(sockets.get(ctx.extra.socket)?.runs.get(id), errors);
      },
      onComplete(ctx, id) {
        const state = sockets.get(ctx.extra.socket);
        state?.runs.get(id)?.finish(logger);
        state?.runs.delete(id);
      },
    },
    wsServer,
    { keepAliveMs: limits.keepAliveMs, logger },
  );

  // SSE ("distinct connections" mode: one request per operation). graphql-sse types its context as an
  // open record; ours is the same Context as everywhere else.
  const runs = new WeakMap<object, OperationRun>();
  const sse = createHandler<Record<PropertyKey, unknown>>({
    schema,
    execute,
    // onSubscribe below validates with the guard's rules and returns nothing unvalidated.
    validate: () => [],
    onSubscribe: async (req, params) => {
      const res = (req.context as { res: Response }).res;
      const principal = principalOf(res)!;
      // Each operation is one request of the principal's rate: 429 with Retry-After, as on HTTP.
      const refusal = await rateLimiter?.admit(principal);
      if (refusal) {
        const errors = formatted(undefined, [rateLimitedError(refusal)]);
        return [
          JSON.stringify({ errors }),
          {
            status: 429,
            statusText: 'Too Many Requests',
            headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(refusal.retryAfterSeconds) },
          },
        ];
      }
      // The trusted document the HTTP route resolved (below) before graphql-sse read the request.
      const trusted = resolvedDocumentOf(res)?.trusted;
      const started = start('graphql-sse', params, principal, { held: 0 }, trusted ? { request: params, trusted } : undefined);
      if (Array.isArray(started)) {
        const errors = formatted(undefined, started);
        return [
          JSON.stringify({ errors }),
          {
            status: refusalStatus({ errors: started }),
            statusText: 'Refused',
            headers: { 'content-type': 'application/json; charset=utf-8' },
          },
        ];
      }
      const { args, run } = started as { args: ExecutionArgs; run: OperationRun };
      runs.set(run.context, run);
      res.once('close', () => run.finish(logger));
      return args as ExecutionArgs & { contextValue: Record<PropertyKey, unknown> };
    },
    onNext: (ctx, _req, result) => {
      sent(runs.get(ctx));
      const { errors, ...rest } = result;
      return errors ? { ...rest, errors: formatted(runs.get(ctx), errors) as unknown as GraphQLError[] } : undefined;
    },
    onComplete: (ctx) => {
      runs.get(ctx)?.finish(logger);
    },
  });
  // Server-Sent Events share the GraphQL URL: a request that accepts text/event-stream is an event stream.
  const authenticateSse = authenticate(authenticator);
  const resolveDocuments = resolveTrustedDocuments(guard);
  options.app.use(options.path, (req: Request, res, next) => {
    if (req.get('accept')?.includes('text/event-stream') !== true) return next();
    authenticateSse(req, res, () => {
      // The body limit and JSON errors of the plain route (413, 400) hold here too.
      options.parseBody(req, res, (error?: unknown) => {
        if (error) return next(error);
        // Anything but a JSON body would be read by graphql-sse itself, without a limit.
        if (req.method !== 'GET' && req.body === undefined) {
          return sendError(
            res,
            415,
            ErrorCode.BAD_REQUEST,
            'Send the operation as an application/json body (or as a GET with query parameters).',
          );
        }
        // Trusted documents: the same rule as the plain route, and graphql-sse needs `query` to read the request at all.
        resolveDocuments(req, res, () => {
          const principal = principalOf(res)!;
          const cancelExpiry = whenExpired(principal, () => res.destroy());
          res.once('close', cancelExpiry);
          sse(req, res).catch(next);
        });
      });
    });
  });

  return {
    async close() {
      for (const client of wsServer.clients) client.close(CLOSE_GOING_AWAY, 'Server shutting down; reconnect to another replica.');
      await disposable.dispose();
    },
  };
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
