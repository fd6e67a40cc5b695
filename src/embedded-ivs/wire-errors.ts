/**
 * Errors as IVS puts them on the wire (restJson1): status code, `x-amzn-ErrorType` header and a
 * JSON body. Two families exist and the SDK reads them differently:
 * - service errors (modelled shapes): body `{"exceptionMessage": ...}`, error type with the Coral
 *   namespace suffix the SDK strips (`ResourceNotFoundException:http://internal.amazon.com/...`);
 * - front-door errors (authentication, routing), raised before the IVS service itself is reached:
 *   body `{"message": ...}`, plain error type.
 */
import type { IvsErrorCode } from './wire-types.js';

const SERVICE_ERROR_STATUS: Record<IvsErrorCode, number> = {
  AccessDeniedException: 403,
  ChannelNotBroadcasting: 404,
  ConflictException: 409,
  InternalServerException: 500,
  PendingVerification: 403,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ServiceUnavailable: 503,
  StreamUnavailable: 503,
  ThrottlingException: 429,
  ValidationException: 400,
};

const CORAL_NAMESPACE = 'http://internal.amazon.com/coral/com.amazonaws.ivs/';

export class WireError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    readonly body: Readonly<Record<string, string>>,
  ) {
    super(Object.values(body).join(' '));
    this.name = errorType;
  }
}

export function serviceError(code: IvsErrorCode, exceptionMessage: string): WireError {
  return new WireError(SERVICE_ERROR_STATUS[code], `${code}:${CORAL_NAMESPACE}`, { exceptionMessage });
}

/** A service error as IVS sometimes sends it: status and error type, but an empty `{}` body. */
export function serviceErrorWithoutMessage(code: IvsErrorCode): WireError {
  return new WireError(SERVICE_ERROR_STATUS[code], `${code}:${CORAL_NAMESPACE}`, {});
}

function frontDoorError(status: number, code: string, message: string): WireError {
  return new WireError(status, code, { message });
}

export const unrecognizedClient = (): WireError =>
  frontDoorError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');

export const wrongSigningService = (service: string): WireError =>
  frontDoorError(
    403,
    'InvalidSignatureException',
    `Credential should be scoped to correct service: 'ivs'. Credential scope names service '${service}'.`,
  );

export const unknownOperation = (method: string, path: string): WireError =>
  frontDoorError(404, 'UnknownOperationException', `Unknown operation: ${method} ${path}`);
