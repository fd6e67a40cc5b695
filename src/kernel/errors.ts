import { GraphQLError } from 'graphql';

/** The `extensions.code` values frontends can switch on. Stable: renaming one is a breaking change. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  THROTTLED: 'THROTTLED',
  /** The principal sent more requests or operations per second than RATE_LIMIT_PER_PRINCIPAL (or its key's `rateLimit`) allows (HTTP 429). */
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** No credentials, or credentials that do not verify (HTTP 401, before any GraphQL). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A request limit: document size, depth, aliases, cost, tokens, directives, body size, IVS call budget. */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /** The HTTP request itself is malformed (not JSON, wrong method or content type); Apollo's code, kept. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** An automatic persisted query whose `sha256Hash` is not the SHA-256 of the `query` sent with it (HTTP 400). */
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  /** Trusted documents (Apollo Router's code, HTTP 400): an id the manifest does not list, or, in `require` mode, a document that is not listed. */
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  /** Trusted documents, `require` mode (Apollo Router's code, HTTP 400): a listed document sent as text, or no document at all; send its id. */
  PERSISTED_QUERY_ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The code an error is sent with: its `extensions.code`, or INTERNAL_SERVER_ERROR when it has none. */
export function errorCodeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null | undefined)?.extensions?.code;
  return code === undefined || code === null ? ErrorCode.INTERNAL_SERVER_ERROR : String(code);
}

export function gatewayError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}
