/**
 * Fault injection for tests: switch a fault on (or off) for one channel of an embedded IVS's own
 * data (`EmbeddedIvs.data`); it applies from the next request on. See `DemoFault` for what each
 * kind does on the wire.
 */
import { findDemoChannel, type DemoData, type DemoFault } from './demo-data.js';
import type { IvsErrorCode } from './wire-types.js';

export function setChannelFault(data: DemoData, channelArn: string, fault: DemoFault | undefined): void {
  const entry = findDemoChannel(data, channelArn);
  if (!entry) throw new Error(`Demo data has no channel ${channelArn}`);
  if (fault) entry.fault = fault;
  else delete entry.fault;
}

/** Ready-made faults, one per failure mode the gateway must survive. */
export const faults = {
  /** Answers correctly, but only after `delayMs` (use more than the gateway's timeout). */
  slow: (delayMs: number): DemoFault => ({ kind: 'slow', delayMs }),
  /** 500 InternalServerException. */
  internalError: (): DemoFault => ({
    kind: 'error',
    code: 'InternalServerException',
    message: 'Unexpected error during processing of request.',
  }),
  /** 503 with the given IVS error type. */
  unavailable: (code: Extract<IvsErrorCode, 'ServiceUnavailable' | 'StreamUnavailable'> = 'ServiceUnavailable'): DemoFault => ({
    kind: 'error',
    code,
    message: 'Service is unavailable, try again later.',
  }),
  /** The next `count` calls get 429 ThrottlingException, then calls succeed. */
  throttleBurst: (count: number): DemoFault => ({ kind: 'throttle-burst', remaining: count }),
  /** Headers and half of the body, then the connection is destroyed. */
  connectionReset: (): DemoFault => ({ kind: 'connection-reset' }),
  /** 200 with a body that is not JSON. */
  malformedJson: (): DemoFault => ({ kind: 'malformed-json' }),
  /** The status and error type of `code` with an empty `{}` body (no exceptionMessage). */
  errorWithoutMessage: (code: IvsErrorCode = 'InternalServerException'): DemoFault => ({ kind: 'error-without-message', code }),
} as const;
