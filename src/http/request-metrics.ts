import type { RequestHandler, Response } from 'express';
import type { Metrics } from '../platform/metrics.js';

/**
 * Times every GraphQL request over HTTP (to its response's end), labelled with its operation name
 * (`operationName`: as resolved by the server, else as the client sent it) and whether the response
 * cache answered it (`responseCache`); `principal` (its id) holds it to its share of operation labels.
 * Counts the GraphQL errors the response sent, Apollo's and those answered before GraphQL (401, 413).
 */
export function requestTimer(
  metrics: Metrics,
  labels: {
    responseCache: (res: Response) => string;
    operationName?: (res: Response) => string | null | undefined;
    principal?: (res: Response) => string | undefined;
    /** The codes of the GraphQL errors the response sent (ivs_gateway_graphql_errors_total). */
    errorCodes?: (res: Response) => readonly string[] | undefined;
  },
): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const name = labels.operationName?.(res) ?? (req.body as { operationName?: unknown } | undefined)?.operationName;
      metrics.requestDuration.observe(
        { operation: metrics.operationLabel(name, labels.principal?.(res)), response_cache: labels.responseCache(res) },
        (performance.now() - started) / 1000,
      );
      metrics.countErrors(labels.errorCodes?.(res) ?? []);
    });
    next();
  };
}

/** GET /metrics in the Prometheus text format. */
export function metricsHandler(metrics: Metrics): RequestHandler {
  return (_req, res, next) => {
    metrics.registry.metrics().then((text) => {
      res.setHeader('content-type', metrics.registry.contentType);
      res.setHeader('cache-control', 'no-store');
      res.end(text);
    }, next);
  };
}
