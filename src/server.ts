import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { createContext, type Context, type Services } from './context.js';
import { ErrorCode } from './errors.js';
import { buildSchema } from './schema.js';
import { createGraphiql } from './graphiql/index.js';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4000; the GraphQL endpoint is `${url}/graphql`. */
  url: string;
  close(): Promise<void>;
}

const BODY_LIMIT = '1mb';

export async function startServer(services: Services, listen: { port: number; host: string }): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  // GraphiQL, self-hosted (no CDN): a landing page on GET /graphql for browsers, plus its static files.
  const graphiql = services.config.graphiql ? await createGraphiql({ endpoint: '/graphql' }) : undefined;
  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    includeStacktraceInErrorResponses: false,
    // Apollo's own messages (such as enabling inline tracing for federation) go to the structured log too.
    logger: services.logger,
    formatError: maskUnexpectedErrors(services.logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's default landing page loads from a CDN and fails offline: ours, or none.
      graphiql?.landingPage ?? ApolloServerPluginLandingPageDisabled(),
      logOperationErrors(services.logger),
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    cors(),
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, { context: async () => createContext(services) }),
  );
  if (graphiql) app.use(graphiql.assetsPath, graphiql.assets);
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found: the GraphQL endpoint is /graphql.', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(jsonBodyErrors);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, listen.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  return { url: `http://${host}:${port}`, close: () => apollo.stop() };
}

/** Errors the gateway raised on purpose (with a code) pass through; anything else is masked. */
function maskUnexpectedErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError || (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR)) {
      return formatted;
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while executing an operation');
    return {
      message: 'Internal server error.',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function logOperationErrors(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          logger.info(
            {
              operationName,
              durationMs: Math.round(performance.now() - started),
              errorCodes: errors?.map((e) => e.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

// Express's default handler answers body-parser failures with an HTML page; GraphQL clients expect JSON.
const jsonBodyErrors: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, next) => {
  if (res.headersSent) return next(err);
  const status = err.status ?? 500;
  const message =
    err.type === 'entity.too.large'
      ? `Request body is larger than ${BODY_LIMIT}.`
      : status < 500
        ? 'Request body is not valid JSON.'
        : 'Internal server error.';
  res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : ErrorCode.INTERNAL_SERVER_ERROR } }] });
};

