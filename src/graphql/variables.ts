import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../kernel/errors.js';

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
