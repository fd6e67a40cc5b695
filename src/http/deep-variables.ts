import type { RequestHandler } from 'express';
import { checkVariablesDepth } from '../graphql/variables.js';
import { sendError } from './errors.js';

/** HTTP 400 for a JSON body (one operation or a batch) whose variables nest too deeply, before the response cache and Apollo. */
export function refuseDeepVariables(): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    for (const operation of Array.isArray(body) ? body : [body]) {
      const error =
        typeof operation === 'object' && operation !== null
          ? checkVariablesDepth((operation as { variables?: unknown }).variables)
          : undefined;
      if (error) return sendError(res, 400, String(error.extensions.code), error.message, error.extensions);
    }
    next();
  };
}
