import { GetStreamSessionCommand } from '@aws-sdk/client-ivs';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { ErrorCode, gatewayError } from '../errors.js';
import type { ChannelArn } from './arn.js';
import type { IvsClients } from './clients.js';
import { mapIvsError } from './errors.js';
import { toStreamSessionModel } from './mappers.js';
import type { StreamSessionModel } from './models.js';
import type { RegionLimiter } from './region-limiter.js';

/** What the IVS data layer needs from the process: shared clients, the shared per-region cap, a logger. */
export interface IvsDeps {
  clients: IvsClients;
  limiter: RegionLimiter;
  logger: Logger;
  timeoutMs: number;
}

export interface StreamSessionKey {
  channel: ChannelArn;
  /** `null` asks for the channel's most recent session. */
  streamId: string | null;
}

/**
 * Per-request loader: the same (channel, streamId or latest) asked for any number of times in one
 * operation costs one GetStreamSession. IVS has no batch read for sessions, so distinct keys fan out
 * in parallel, bounded per region by the shared limiter.
 */
export function createStreamSessionLoader(deps: IvsDeps): DataLoader<StreamSessionKey, StreamSessionModel, string> {
  return new DataLoader<StreamSessionKey, StreamSessionModel, string>(
    (keys) => Promise.all(keys.map((key) => getStreamSession(deps, key).catch((error: unknown) => error as Error))),
    { cacheKeyFn: ({ channel, streamId }) => `${channel.arn}\u0000${streamId ?? 'latest'}` },
  );
}

async function getStreamSession(deps: IvsDeps, { channel, streamId }: StreamSessionKey): Promise<StreamSessionModel> {
  const { region, arn } = channel;
  const log = deps.logger.child({ channelArn: arn, streamId: streamId ?? 'latest' });
  const command = new GetStreamSessionCommand({ channelArn: arn, ...(streamId ? { streamId } : {}) });
  let output;
  try {
    // The deadline starts when the call leaves the queue, so waiting for a slot does not eat into it.
    output = await deps.limiter.run(region, () =>
      deps.clients.forRegion(region).send(command, { abortSignal: AbortSignal.timeout(deps.timeoutMs) }),
    );
  } catch (thrown) {
    const { error, detail } = mapIvsError(thrown, 'GetStreamSession', deps.timeoutMs);
    log.warn({ ivs: detail, code: error.extensions.code }, 'IVS GetStreamSession failed');
    throw error;
  }
  if (!output.streamSession) {
    throw gatewayError(
      ErrorCode.NOT_FOUND,
      streamId ? `IVS returned no stream session ${streamId} for channel ${arn}.` : `Channel ${arn} has no stream sessions yet.`,
    );
  }
  return toStreamSessionModel(arn, output.streamSession, (field, value) =>
    log.warn({ field, value }, 'IVS sent an enum value this schema does not know yet; serving null for it'),
  );
}
