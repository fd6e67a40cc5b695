import type { RequestHandler } from 'express';
import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../kernel/errors.js';
import { sendError } from '../http/errors.js';

/**
 * How deeply an operation's variables may nest lists and objects (the variables object is level 1).
 * This schema's deepest input, `_entities(representations:)`, needs 3; 10,000 levels fit in the body
 * limit and would overflow the stack of recursive code such as JSON.stringify.
 */
export const MAX_VARIABLES_DEPTH = 64;

/**
 * BAD_USER_INPUT when `variables` nests deeper than MAX_VARIABLES_DEPTH, otherwise undefined. Walks
 * without recursion, so any depth is safe to check. Transport-neutral: for HTTP bodies and
 * subscription payloads alike.
 */
export function checkVariablesDepth(variables: unknown): GraphQLError | undefined {
  const pending: Array<[value: unknown, level: number]> = [[variables, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, level] = next;
    if (typeof value !== 'object' || value === null) continue;
    if (level > MAX_VARIABLES_DEPTH) {
      return gatewayError(
        ErrorCode.BAD_USER_INPUT,
        `The variables nest lists and objects more than ${MAX_VARIABLES_DEPTH} levels deep; send flatter variables.`,
        { argument: 'variables' },
      );
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push([child, level + 1]);
  }
  return undefined;
}

/** HTTP 400 for a JSON body (one operation or a batch) whose variables nest too deeply, before the response cache and Apollo. */
export function refuseDeepVariables(): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    for (const operation of Array.isArray(body) ? body : [body]) {
      const error = typeof operation === 'object' && operation !== null ? checkVariablesDepth((operation as { variables?: unknown }).variables) : undefined;
      if (error) return sendError(res, 400, String(error.extensions.code), error.message, error.extensions);
    }
    next();
  };
}
