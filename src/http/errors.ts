import type { Response } from 'express';
import { ErrorCode } from '../kernel/errors.js';
import { requestRecordOf } from './request-log.js';

/**
 * An error answered outside GraphQL execution (authentication, body size, unknown route), shaped
 * like a GraphQL response so clients read every failure the same way.
 */
export function sendError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  const record = requestRecordOf(res);
  record?.errorCodes.push(code);
  const withRequestId = code === ErrorCode.INTERNAL_SERVER_ERROR && record ? { requestId: record.requestId } : {};
  res.status(status).json({ errors: [{ message, extensions: { ...extensions, code, ...withRequestId } }] });
}
