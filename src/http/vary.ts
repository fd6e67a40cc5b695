import type { RequestHandler } from 'express';

/**
 * `Vary: Authorization, X-Api-Key` on every GraphQL response: what a response contains depends on who
 * asked, so a shared cache must key it by the credentials too (added to, not replacing, CORS's `Origin`).
 */
export function varyOnCredentials(): RequestHandler {
  return (_req, res, next) => {
    res.vary('Authorization');
    res.vary('X-Api-Key');
    next();
  };
}
