import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { boundedForLog } from '../platform/log-strings.js';
import { runInRequest, type RequestRecord } from '../platform/request-context.js';

export function requestRecordOf(res: Response): RequestRecord | undefined {
  return (res.locals as { request?: RequestRecord }).request;
}

// Accept a caller's (or proxy's) request id only when it is a short plain token: it is echoed and logged.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

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
    };
    res.once('finish', log);
    res.once('close', log);
    runInRequest(record, next);
  };
}
