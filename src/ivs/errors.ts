import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../errors.js';

/** The parts of an AWS SDK v3 service exception the mapping reads. */
interface SdkErrorLike {
  name?: string;
  message?: string;
  exceptionMessage?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const BY_IVS_ERROR: Record<string, ErrorCode> = {
  ResourceNotFoundException: ErrorCode.NOT_FOUND,
  AccessDeniedException: ErrorCode.FORBIDDEN,
  PendingVerification: ErrorCode.FORBIDDEN,
  ChannelNotBroadcasting: ErrorCode.NOT_FOUND,
  ValidationException: ErrorCode.BAD_USER_INPUT,
  // ListChannels with two filters that IVS says are mutually exclusive.
  ConflictException: ErrorCode.BAD_USER_INPUT,
  // IVS answers 429 for its call-rate quotas although the model lists it for none of the read operations.
  ThrottlingException: ErrorCode.THROTTLED,
};

/**
 * A per-item failure that IVS reports inside a successful batch response (BatchGetChannel `errors[]`,
 * which carry `code` and `message`): the error of that item alone.
 */
export function batchItemError(code: string | undefined, message: string | undefined, arn: string): GraphQLError {
  const mapped = (code && BY_IVS_ERROR[code]) || ErrorCode.UPSTREAM_ERROR;
  return gatewayError(mapped, message || `IVS could not return ${arn} (${code ?? 'no error code'}).`, { ivsErrorType: code ?? 'Unknown' });
}

export interface UpstreamFailure {
  error: GraphQLError;
  /** Detail for the log only: never sent to clients. */
  detail: Record<string, unknown>;
}

/**
 * Turns whatever an IVS call threw into a client-safe GraphQL error. Client errors keep IVS's own
 * `exceptionMessage` (the SDK's `message` is often just "UnknownError"); server errors, timeouts and
 * connection failures say only what happened, never internal detail.
 */
export function mapIvsError(thrown: unknown, operation: string, timeoutMs: number): UpstreamFailure {
  const err = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as SdkErrorLike;
  const status = err.$metadata?.httpStatusCode;
  const ivsErrorType = err.name ?? 'Error';
  const detail = { operation, ivsErrorType, status, requestId: err.$metadata?.requestId, message: err.exceptionMessage ?? err.message };
  const extensions = { ivsErrorType, ...(err.$metadata?.requestId ? { ivsRequestId: err.$metadata.requestId } : {}) };

  const code = BY_IVS_ERROR[ivsErrorType] ?? (status === 429 ? ErrorCode.THROTTLED : undefined);
  if (code === ErrorCode.THROTTLED) {
    return {
      error: gatewayError(code, `IVS throttled ${operation} (its call-rate quota is 5 per second per account and region) and retries did not get through; try again shortly.`, extensions),
      detail,
    };
  }
  if (code) {
    return { error: gatewayError(code, err.exceptionMessage ?? err.message ?? `IVS refused ${operation}.`, extensions), detail };
  }
  if (ivsErrorType === 'AbortError' || ivsErrorType === 'TimeoutError') {
    return { error: gatewayError(ErrorCode.UPSTREAM_ERROR, `IVS did not answer ${operation} within ${timeoutMs} ms; try again later.`, { ivsErrorType: 'Timeout' }), detail };
  }
  if (status === undefined) {
    return { error: gatewayError(ErrorCode.UPSTREAM_ERROR, `Could not reach IVS for ${operation}, or its answer could not be read; try again later.`, { ivsErrorType: 'ConnectionError' }), detail };
  }
  return {
    error: gatewayError(ErrorCode.UPSTREAM_ERROR, `IVS failed ${operation} (HTTP ${status}${err.$fault === 'server' ? ', a server-side error' : ''}); try again later.`, extensions),
    detail,
  };
}
