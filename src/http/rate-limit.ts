import type { RequestHandler, Response } from 'express';
import type { PrincipalRateLimiter, RateLimited } from '../auth/rate-limit.js';
import { ErrorCode } from '../kernel/errors.js';
import { principalOf } from './authenticate.js';
import { sendError } from './errors.js';

/**
 * RATE_LIMIT_PER_PRINCIPAL on HTTP: after `authenticate`, before the body is read. A request over its
 * principal's rate gets 429 with Retry-After and a GraphQL-shaped body (code RATE_LIMITED). Requests
 * without a principal (GraphiQL's page) execute nothing and are not counted.
 */
export function rateLimit(limiter: PrincipalRateLimiter): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!principal) return next();
    limiter.admit(principal).then((refusal) => (refusal ? sendRateLimited(res, refusal) : next()), next);
  };
}

export function sendRateLimited(res: Response, refusal: RateLimited): void {
  res.setHeader('retry-after', String(refusal.retryAfterSeconds));
  sendError(res, 429, ErrorCode.RATE_LIMITED, refusal.message, { retryAfterSeconds: refusal.retryAfterSeconds });
}
