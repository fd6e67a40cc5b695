import { GetStreamSessionCommand } from '@aws-sdk/client-ivs';
import DataLoader from 'dataloader';
import { ErrorCode, gatewayError } from '../errors.js';
import type { ChannelArn } from './arn.js';
import { callIvs, enumReporter, type IvsDeps } from './call.js';
import { toStreamSessionModel } from './mappers.js';
import type { StreamSessionModel } from './models.js';

export interface StreamSessionKey {
  channel: ChannelArn;
  /** `null` asks for the channel's most recent session. */
  streamId: string | null;
}

/**
 * The same (channel, streamId or latest) asked for any number of times in one operation costs one
 * GetStreamSession. IVS has no batch read for sessions, so distinct keys fan out in parallel, bounded
 * per region by the shared limiter.
 */
export function createStreamSessionLoader(deps: IvsDeps): DataLoader<StreamSessionKey, StreamSessionModel, string> {
  return new DataLoader<StreamSessionKey, StreamSessionModel, string>(
    (keys) => Promise.all(keys.map((key) => getStreamSession(deps, key).catch((error: unknown) => error as Error))),
    { cacheKeyFn: ({ channel, streamId }) => `${channel.arn}\u0000${streamId ?? 'latest'}` },
  );
}

async function getStreamSession(deps: IvsDeps, { channel, streamId }: StreamSessionKey): Promise<StreamSessionModel> {
  const context = { channelArn: channel.arn, streamId: streamId ?? 'latest' };
  const output = await callIvs(
    deps,
    channel.region,
    'GetStreamSession',
    (client, abortSignal) =>
      client.send(new GetStreamSessionCommand({ channelArn: channel.arn, ...(streamId ? { streamId } : {}) }), { abortSignal }),
    context,
  );
  if (!output.streamSession) {
    throw gatewayError(
      ErrorCode.NOT_FOUND,
      streamId ? `IVS returned no stream session ${streamId} for channel ${channel.arn}.` : `Channel ${channel.arn} has no stream sessions yet.`,
    );
  }
  return toStreamSessionModel(channel.arn, output.streamSession, enumReporter(deps.logger, context));
}
