import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../kernel/errors.js';
import { IVS_OPERATIONS, type IvsOperation } from '../kernel/ivs-operations.js';

/** The parts of an AWS SDK v3 service exception the mapping reads. */
interface SdkErrorLike {
  name?: string;
  message?: string;
  exceptionMessage?: string;
  /** Node's network error code (ECONNRESET, ...) when the connection failed. */
  code?: string;
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
 * What a client is told when IVS refuses the gateway itself. IVS words a denial with the gateway's own
 * IAM principal and account ("User: arn:aws:iam::…:user/… is not authorized…"): that text goes to the
 * log only, and the client gets a fixed message naming what it asked for.
 */
function deniedMessage(ivsErrorType: string, resource: string): string {
  return ivsErrorType === 'PendingVerification'
    ? `IVS does not serve ${resource} yet: its AWS account is pending verification. Ask the gateway's operator, or try again later.`
    : `IVS does not allow this gateway to read ${resource}. Ask the gateway's operator to grant its AWS credentials access to it, or ask for another resource.`;
}

/**
 * A per-item failure that IVS reports inside a successful batch response (BatchGetChannel `errors[]`,
 * which carry `code` and `message`): the error of that item alone.
 */
export function batchItemError(code: string | undefined, message: string | undefined, arn: string): GraphQLError {
  const mapped = (code && BY_IVS_ERROR[code]) || ErrorCode.UPSTREAM_ERROR;
  const text =
    mapped === ErrorCode.FORBIDDEN ? deniedMessage(code!, arn) : message || `IVS could not return ${arn} (${code ?? 'no error code'}).`;
  return gatewayError(mapped, text, { ivsErrorType: code ?? 'Unknown' });
}

export interface UpstreamFailure {
  error: GraphQLError;
  /** Detail for the log only: never sent to clients. */
  detail: Record<string, unknown>;
}

/**
 * Turns whatever an IVS call threw into a client-safe GraphQL error. Denials (FORBIDDEN) get a fixed
 * message naming `resource`, what the call was about; other client errors keep IVS's own
 * `exceptionMessage` (the SDK's `message` is often just "UnknownError"), which describes the caller's
 * input; server errors, timeouts and connection failures say only what happened, never internal detail.
 */
export function mapIvsError(
  thrown: unknown,
  operation: IvsOperation,
  timeoutMs: number,
  deadline?: { expired: boolean; ms: number },
  resource = 'the requested resource',
): UpstreamFailure {
  const err = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as SdkErrorLike;
  const status = err.$metadata?.httpStatusCode;
  const ivsErrorType = err.name ?? 'Error';
  const detail = { operation, ivsErrorType, status, requestId: err.$metadata?.requestId, message: err.exceptionMessage ?? err.message };
  const extensions = { ivsErrorType, ...(err.$metadata?.requestId ? { ivsRequestId: err.$metadata.requestId } : {}) };

  const code = BY_IVS_ERROR[ivsErrorType] ?? (status === 429 ? ErrorCode.THROTTLED : undefined);
  if (code === ErrorCode.THROTTLED) {
    return {
      error: gatewayError(
        code,
        `IVS throttled ${operation} (its call-rate quota is ${IVS_OPERATIONS[operation].callsPerSecond} per second per account and region) and retries did not get through; try again shortly.`,
        extensions,
      ),
      detail,
    };
  }
  if (code === ErrorCode.FORBIDDEN) return { error: gatewayError(code, deniedMessage(ivsErrorType, resource), extensions), detail };
  if (code) {
    // IVS sometimes answers an error without a message, and the SDK then says only "UnknownError".
    const message = err.exceptionMessage || (err.message && err.message !== 'UnknownError' ? err.message : undefined);
    return {
      error: gatewayError(
        code,
        message ?? `IVS refused ${operation} with ${ivsErrorType} (HTTP ${status ?? 'unknown'}) and gave no reason.`,
        extensions,
      ),
      detail,
    };
  }
  if (ivsErrorType === 'AbortError' || ivsErrorType === 'TimeoutError') {
    const message = deadline?.expired
      ? `The request's deadline (${deadline.ms} ms) passed before IVS answered ${operation}; ask for less in one operation or try again later.`
      : `IVS did not answer ${operation} within ${timeoutMs} ms; try again later.`;
    return { error: gatewayError(ErrorCode.UPSTREAM_ERROR, message, { ivsErrorType: 'Timeout' }), detail };
  }
  // No status, or a success status whose body broke off (connection reset) or was not JSON: no IVS error.
  if (status === undefined || (status < 300 && err.code !== undefined)) {
    return {
      error: gatewayError(
        ErrorCode.UPSTREAM_ERROR,
        `Could not reach IVS for ${operation}, or the connection broke before its answer was read; try again later.`,
        { ivsErrorType: 'ConnectionError' },
      ),
      detail,
    };
  }
  if (status < 300) {
    return {
      error: gatewayError(
        ErrorCode.UPSTREAM_ERROR,
        `IVS answered ${operation} with a body that could not be read (HTTP ${status}); try again later.`,
        { ivsErrorType: 'MalformedResponse' },
      ),
      detail,
    };
  }
  return {
    error: gatewayError(
      ErrorCode.UPSTREAM_ERROR,
      `IVS failed ${operation} (HTTP ${status}${err.$fault === 'server' ? ', a server-side error' : ''}); try again later.`,
      extensions,
    ),
    detail,
  };
}
