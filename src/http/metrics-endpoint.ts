import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ErrorCode } from '../kernel/errors.js';
import { sendError } from './errors.js';

/** Who may scrape GET /metrics: its own listener (METRICS_PORT) and/or a bearer token (METRICS_TOKEN). */
export interface MetricsAccess {
  port: number | null;
  token: string | null;
}

export interface MetricsEndpoint {
  /** Handlers for GET /metrics on the public listener; `null`: the public listener does not serve it. */
  publicRoute: RequestHandler[] | null;
  /** The metrics listener's base URL (METRICS_PORT); `null`: there is none. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * Where GET /metrics is served. Metrics name operations, regions and error rates: they are not for the
 * public. With METRICS_PORT, only on a listener of its own (on HOST: keep that port off the public
 * network); with METRICS_TOKEN, only to requests bearing the token, on whichever listener serves it.
 * In production with neither, nowhere (a warning says so); outside production, openly on the public
 * listener, as before.
 */
export async function startMetricsEndpoint(
  handler: RequestHandler,
  access: MetricsAccess,
  options: { host: string; production: boolean; logger: Logger },
): Promise<MetricsEndpoint> {
  const route = access.token !== null ? [requireToken(access.token), handler] : [handler];
  if (access.port === null) {
    const open = access.token !== null || !options.production;
    if (!open)
      options.logger.warn(
        'NODE_ENV=production without METRICS_PORT or METRICS_TOKEN: GET /metrics is not served; set one of them to scrape metrics',
      );
    return { publicRoute: open ? route : null, url: null, close: async () => {} };
  }
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', ...route);
  app.use((_req, res) => sendError(res, 404, ErrorCode.NOT_FOUND, 'Not found: this listener serves only GET /metrics.'));
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(access.port!, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    publicRoute: null,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Digests have one length whatever was sent, so the comparison takes the same time for any token.
const digest = (text: string) => createHash('sha256').update(text).digest();

function requireToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const presented = /^Bearer +(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return next();
    res.setHeader('www-authenticate', 'Bearer realm="metrics"');
    sendError(
      res,
      401,
      ErrorCode.UNAUTHENTICATED,
      'GET /metrics needs the metrics token (METRICS_TOKEN): send it as Authorization: Bearer <token>.',
    );
  };
}
