import type { IvsClient } from '@aws-sdk/client-ivs';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';
import type { IvsClients } from './clients.js';
import { mapIvsError } from './errors.js';
import type { UnknownEnumReporter } from './mappers.js';
import type { RegionLimiter } from './region-limiter.js';

/** What the IVS data layer needs from the process: shared clients, the shared limiter, a logger. */
export interface IvsDeps {
  clients: IvsClients;
  limiter: RegionLimiter;
  logger: Logger;
  timeoutMs: number;
}

export type IvsOperation =
  | 'GetStreamSession'
  | 'ListStreamSessions'
  | 'BatchGetChannel'
  | 'ListChannels'
  | 'GetStream'
  | 'ListStreams'
  | 'GetRecordingConfiguration';

/**
 * The one way the gateway calls IVS: through the region's shared client, inside the (region,
 * operation) concurrency cap, with a deadline, and with failures turned into coded GraphQL errors.
 */
export async function callIvs<T>(
  deps: IvsDeps,
  region: string,
  operation: IvsOperation,
  send: (client: IvsClient, abortSignal: AbortSignal) => Promise<T>,
  logContext: Record<string, unknown> = {},
): Promise<T> {
  try {
    // The deadline starts when the call leaves the queue, so waiting for a slot does not eat into it.
    return await deps.limiter.run(region, operation, () =>
      send(deps.clients.forRegion(region), AbortSignal.timeout(deps.timeoutMs)),
    );
  } catch (thrown) {
    const { error, detail } = mapIvsError(thrown, operation, deps.timeoutMs);
    // Answers about the caller's input (not found, denied, invalid) are routine; the rest needs an operator.
    const routine = error.extensions.code !== ErrorCode.THROTTLED && error.extensions.code !== ErrorCode.UPSTREAM_ERROR;
    deps.logger[routine ? 'debug' : 'warn']({ ...logContext, region, ivs: detail, code: error.extensions.code }, `IVS ${operation} failed`);
    throw error;
  }
}

/** Logs each enum value IVS sent that the schema does not know yet, with where it came from. */
export function enumReporter(logger: Logger, context: Record<string, unknown>): UnknownEnumReporter {
  return (field, value) =>
    logger.warn({ ...context, field, value }, 'IVS sent an enum value this schema does not know yet; serving null for it');
}
