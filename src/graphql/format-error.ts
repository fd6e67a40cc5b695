import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../kernel/errors.js';
import { currentRequest } from '../platform/request-context.js';
import { asLimitExceeded } from './armor.js';
import { asPersistedQueryError } from './persisted-queries.js';

const SUBGRAPH_UNKNOWN_TYPENAME =
  /^The _entities resolver tried to load an entity for type "[^"]*", but no object or interface type of that name was found/;
// graphql-js suggestions ("Did you mean "streamSession"?", "Did you mean the enum value "X"?") name schema members.
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * The one error formatter of every transport (HTTP through Apollo's `formatError`, graphql-ws and
 * graphql-sse through the operation guard): limits become LIMIT_EXCEEDED, Apollo's uncoded
 * persisted-query refusals get codes; errors the gateway raised
 * on purpose (with a code) pass through; anything else is masked to INTERNAL_SERVER_ERROR with the
 * request id, and its detail goes to the log. With `maskSuggestions`, messages never name schema
 * members the caller did not ask for.
 */
export function createErrorFormatter(logger: Logger, options: { maskSuggestions: boolean }) {
  const masked = (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const message = options.maskSuggestions ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    return message === formatted.message ? formatted : { ...formatted, message };
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => withoutHttp(format(formatted, error));
  function format(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const refused = asLimitExceeded(formatted, error) ?? asPersistedQueryError(error);
    if (refused) return refused;
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) return masked(formatted);
    // @apollo/subgraph refuses a representation without a known __typename with a plain Error: the caller's mistake.
    if (original instanceof Error && !(original instanceof GraphQLError) && SUBGRAPH_UNKNOWN_TYPENAME.test(original.message)) {
      return { ...formatted, message: original.message, extensions: { code: ErrorCode.BAD_USER_INPUT, argument: 'representations' } };
    }
    const requestId = currentRequest()?.requestId;
    logger.error({ err: original, path: formatted.path }, 'unexpected error while executing an operation');
    // graphql-js's own errors (such as a null for a non-null field) say what went wrong without internals.
    const message = original instanceof GraphQLError ? formatted.message : 'Internal server error.';
    return {
      message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId !== undefined && { requestId }) },
    };
  }
}

export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

// Apollo reads `extensions.http` for the status and drops it; other transports must not send it either.
function withoutHttp(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.http === undefined) return formatted;
  const extensions = { ...formatted.extensions };
  delete extensions.http;
  return { ...formatted, extensions };
}
