import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { boundedForLog } from './log-strings.js';

/** What the gateway knows about one HTTP request, for its log line and for error responses. */
export interface RequestRecord {
  /** From the client's `x-request-id` when it is a plain token, otherwise a fresh UUID; echoed in the response. */
  readonly requestId: string;
  readonly startedAt: number;
  /** The principal's id once authenticated (never a credential). */
  principal: string | null;
  /** Names of the GraphQL operations run (more than one only with HTTP batching). */
  operationNames: Array<string | null>;
  /** `extensions.code` of every error sent. */
  errorCodes: string[];
  /** Upstream IVS calls made for this request so far (set when the GraphQL context is created). */
  ivsCalls: () => number;
  /** Why authentication failed, for the log only. */
  authFailure?: string;
}

const storage = new AsyncLocalStorage<RequestRecord>();

/** The request being served in this async context (undefined outside one). */
export function currentRequest(): RequestRecord | undefined {
  return storage.getStore();
}

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
    storage.run(record, next);
  };
}
