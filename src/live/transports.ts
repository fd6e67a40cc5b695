import type { Server } from 'node:http';
import type { Express, Request } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { AuthError } from '../auth/jwt.js';
import { authenticate, type Authenticator, principalOf } from '../auth/middleware.js';
import type { Principal } from '../auth/principal.js';
import { createContext, type Services } from '../context.js';
import { ErrorCode } from '../errors.js';

export interface SubscriptionLimits {
  maxPerConnection: number;
  maxSubscribers: number;
  /** Bytes a WebSocket may have queued before its consumer counts as too slow and is disconnected. */
  maxBufferedBytes: number;
  keepAliveMs: number;
}

// Close codes in the private range (4000-4999), each with a reason that says what to do.
const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_SLOW_CONSUMER = 4408;
const CLOSE_GOING_AWAY = 1001;

/**
 * GraphQL subscriptions over WebSocket (graphql-ws protocol, on the HTTP server's own port and path)
 * and over Server-Sent Events (graphql-sse, on the same URL with `Accept: text/event-stream`), with the same credentials, scopes and
 * contexts as queries, and caps on subscribers per connection and overall.
 */
export function attachSubscriptionTransports(options: {
  app: Express;
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  services: Services;
  authenticator: Authenticator;
  limits: SubscriptionLimits;
  logger: Logger;
}): { active: () => number; close: () => Promise<void> } {
  const { schema, services, authenticator, limits, logger } = options;
  let active = 0;
  const admit = (forConnection: number): readonly GraphQLError[] | null => {
    if (forConnection >= limits.maxPerConnection) {
      return [limitError(`At most ${limits.maxPerConnection} subscriptions per connection; complete one before starting another.`)];
    }
    if (active >= limits.maxSubscribers) return [limitError(`The gateway serves at most ${limits.maxSubscribers} subscriptions at once; try again later.`)];
    return null;
  };
  // A subscription context has no request deadline: it lives as long as the subscription.
  const contextFor = (principal: Principal) => createContext(services, principal, new AbortController().signal);

  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path });
  const perSocket = new WeakMap<WebSocket, number>();
  const principals = new WeakMap<WebSocket, Principal>();
  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      async onConnect(ctx) {
        // Browsers cannot set headers on a WebSocket: credentials may come as connection parameters.
        const params = ctx.connectionParams ?? {};
        const fromParams = (name: string) => {
          const value = params[name] ?? params[name === 'x-api-key' ? 'apiKey' : 'Authorization'];
          return typeof value === 'string' ? value : undefined;
        };
        try {
          const principal = await authenticator.authenticateHeaders((name) => fromParams(name) ?? headerOf(ctx.extra.request.headers[name]));
          principals.set(ctx.extra.socket, principal);
          return true;
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          ctx.extra.socket.close(CLOSE_UNAUTHENTICATED, `${ErrorCode.UNAUTHENTICATED}: ${error.message}`.slice(0, 120));
          return false;
        }
      },
      onSubscribe(ctx) {
        const count = perSocket.get(ctx.extra.socket) ?? 0;
        const refused = admit(count);
        if (refused) return refused;
        perSocket.set(ctx.extra.socket, count + 1);
        active++;
        return undefined;
      },
      onComplete(ctx) {
        perSocket.set(ctx.extra.socket, Math.max(0, (perSocket.get(ctx.extra.socket) ?? 1) - 1));
        active = Math.max(0, active - 1);
      },
      onNext(ctx) {
        if (ctx.extra.socket.bufferedAmount > limits.maxBufferedBytes) {
          logger.warn({ bufferedBytes: ctx.extra.socket.bufferedAmount }, 'dropping a slow subscription consumer');
          ctx.extra.socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer: messages queued faster than they were read; reconnect.');
        }
      },
      context: (ctx) => contextFor(principals.get(ctx.extra.socket)!),
    },
    wsServer,
    limits.keepAliveMs,
  );
  wsServer.on('connection', (socket) => socket.once('close', () => {
    active = Math.max(0, active - (perSocket.get(socket) ?? 0));
    perSocket.delete(socket);
  }));

  // graphql-sse types its context as an open record; ours is the same Context as everywhere else.
  const sse = createHandler<Record<PropertyKey, unknown>>({
    schema,
    context: (req) => contextFor(principalOf(req.context.res)!) as unknown as Record<PropertyKey, unknown>,
    onSubscribe: () => {
      const refused = admit(0);
      if (refused) return [null, { status: 429, statusText: refused[0]!.message }];
      active++;
      return undefined;
    },
    onComplete: () => {
      active = Math.max(0, active - 1);
    },
  });
  // Server-Sent Events share the GraphQL URL: a request that accepts text/event-stream is a subscription stream.
  const authenticateSse = authenticate(authenticator);
  options.app.use(options.path, (req: Request, res, next) => {
    if (req.get('accept')?.includes('text/event-stream') !== true) return next();
    authenticateSse(req, res, () => {
      sse(req, res).catch(next);
    });
  });

  return {
    active: () => active,
    async close() {
      for (const client of wsServer.clients) client.close(CLOSE_GOING_AWAY, 'Server shutting down; reconnect to another replica.');
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.LIMIT_EXCEEDED } });
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
