import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { boundedForLog } from '../platform/log-strings.js';
import { runInRequest, type RequestRecord } from '../platform/request-context.js';
import { tracer } from '../platform/telemetry.js';

export function requestRecordOf(res: Response): RequestRecord | undefined {
  return (res.locals as { request?: RequestRecord }).request;
}

// Accept a caller's (or proxy's) request id only when it is a short plain token: it is echoed and logged.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// The server span's name is `METHOD route` for the gateway's own routes, `METHOD` alone for any other
// path (a client-chosen path must not become a span name: names are meant to be low-cardinality).
const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);

/**
 * First middleware of every request: request id (header in and out), an async context that every
 * log line written while serving the request picks the id from, and one JSON log line when the
 * response is finished (or the client went away): method, path (never the query string), status,
 * duration, operation, IVS calls, error codes and principal. `quiet` requests (probes, static
 * files) are logged at debug level.
 */
export function requestContext(logger: Logger, quiet: (req: Request) => boolean = () => false): RequestHandler {
  return (req, res, next) => {
    const header = req.get('x-request-id');
    // Read now: routers mounted on a path rewrite req.url while they run.
    const path = req.path;
    const isQuiet = quiet(req);
    const record: RequestRecord = {
      requestId: header !== undefined && CLIENT_REQUEST_ID.test(header) ? header : randomUUID(),
      startedAt: performance.now(),
      principal: null,
      operationNames: [],
      errorCodes: [],
      ivsCalls: () => 0,
    };
    (res.locals as { request?: RequestRecord }).request = record;
    res.setHeader('x-request-id', record.requestId);
    // The router's trace continues here (W3C traceparent; a no-op until an SDK registers the propagator).
    // Probes and static files make no span: they would be most of a trace store and tell nothing.
    const route = ROUTES.has(path) ? path : undefined;
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = isQuiet
      ? undefined
      : tracer.startSpan(
          route ? `${req.method} ${route}` : req.method,
          {
            kind: SpanKind.SERVER,
            attributes: {
              'http.request.method': req.method,
              'url.path': boundedForLog(path) ?? '',
              ...(route && { 'http.route': route }),
            },
          },
          parent,
        );
    const inSpan = span && trace.setSpan(parent, span);

    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const level = isQuiet && res.statusCode < 500 ? 'debug' : 'info';
      const names = record.operationNames;
      logger[level](
        {
          requestId: record.requestId,
          method: req.method,
          path: boundedForLog(path),
          status: res.statusCode,
          durationMs: Math.round(performance.now() - record.startedAt),
          operationName: names.length <= 1 ? boundedForLog(names[0] ?? null) : names.map(boundedForLog),
          ivsCalls: record.ivsCalls(),
          errorCodes: record.errorCodes,
          principal: record.principal,
          ...(record.authFailure !== undefined && { authFailure: boundedForLog(record.authFailure) }),
          ...(!res.writableFinished && { aborted: true }),
        },
        'request',
      );
      if (span) {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        if (!res.writableFinished) span.setAttribute('gateway.aborted', true);
        span.end();
      }
    };
    // The log line too belongs to the span (its trace_id and span_id), whichever context finished the response.
    const logInSpan = inSpan ? context.bind(inSpan, log) : log;
    res.once('finish', logInSpan);
    res.once('close', logInSpan);
    if (inSpan) context.with(inSpan, () => runInRequest(record, next));
    else runInRequest(record, next);
  };
}
