import type { Request, RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import { AuthError } from '../auth/jwt.js';
import type { Principal } from '../auth/principal.js';
import { ErrorCode } from '../kernel/errors.js';
import { sendError } from './errors.js';
import { requestRecordOf } from './request-log.js';

export function principalOf(res: { locals: object }): Principal | undefined {
  return (res.locals as { principal?: Principal }).principal;
}

/**
 * Express middleware in front of GraphQL: a request either leaves with `res.locals.principal` set
 * or is answered 401 (503 when the JWT key set cannot be fetched) with a GraphQL-shaped body and
 * code UNAUTHENTICATED. Invalid credentials are refused even where anonymous access is allowed.
 * `skip`: requests that execute nothing (GraphiQL's page) and need no principal.
 */
export function authenticate(authenticator: Authenticator, skip: (req: Request) => boolean = () => false): RequestHandler {
  return (req, res, next) => {
    if (skip(req)) return next();
    authenticator
      .authenticateHeaders((name) => req.get(name))
      .then(
        (principal) => {
          (res.locals as { principal?: Principal }).principal = principal;
          const record = requestRecordOf(res);
          if (record) record.principal = principal.id;
          next();
        },
        (error: unknown) => {
          if (!(error instanceof AuthError)) return next(error);
          const record = requestRecordOf(res);
          if (record) record.authFailure = error.detail ?? error.message;
          if (error.status === 503) {
            res.setHeader('retry-after', '5');
            return sendError(res, 503, ErrorCode.UPSTREAM_ERROR, error.message);
          }
          res.setHeader('www-authenticate', authenticator.challenges);
          sendError(res, 401, ErrorCode.UNAUTHENTICATED, error.message);
        },
      );
  };
}
