import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../kernel/errors.js';

const APQ_FORM = '{"version": 1, "sha256Hash": "<hex SHA-256 of the query>"}';

/**
 * Apollo refuses these automatic-persisted-query mistakes with HTTP 400 but without a code, by these
 * exact messages (@apollo/server's request pipeline; test/client-mistakes.test.ts notices a change).
 */
const APOLLO_REFUSALS: Record<string, { code: ErrorCode; message: string }> = {
  'provided sha does not match query': {
    code: ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
    message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent; send the hex SHA-256 of the exact query text.',
  },
  'Unsupported persisted query version': {
    code: ErrorCode.BAD_REQUEST,
    message: `extensions.persistedQuery must be ${APQ_FORM}; version 1 is the only one supported.`,
  },
};

/** A client's persisted-query mistake, coded (it stays HTTP 400); undefined for other errors. */
export function asPersistedQueryError(error: unknown): GraphQLFormattedError | undefined {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return undefined;
  const refusal = Object.hasOwn(APOLLO_REFUSALS, error.message) ? APOLLO_REFUSALS[error.message] : undefined;
  return refusal && { message: refusal.message, extensions: { code: refusal.code } };
}
