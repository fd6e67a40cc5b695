import { GetStreamSessionCommand, type GetStreamSessionCommandOutput } from '@aws-sdk/client-ivs';
import DataLoader from 'dataloader';
import { cachedIvs } from '../../cache/cached-call.js';
import { sessionLacksSecrets, sessionWithoutSecrets } from '../secrets.js';
import { ErrorCode, gatewayError } from '../../kernel/errors.js';
import type { ChannelArn } from '../../kernel/arn.js';
import { callIvs, enumReporter, type IvsDeps } from '../../upstream/call.js';
import { toStreamSessionModel } from '../mappers.js';
import type { StreamSessionModel } from '../models.js';
import { RAW_JSON_BYTES, type Wire } from '../../upstream/raw-json.js';

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

/**
 * Through the cross-request cache (src/cache/): a session that has ended, asked for by its streamId,
 * can never change and is kept for CACHE_ENDED_SESSION_TTL_SECONDS; a live session, or the latest
 * session of a channel (a new one may start at any time), for CACHE_TTL_SECONDS.
 */
function getStreamSession(deps: IvsDeps, key: StreamSessionKey): Promise<StreamSessionModel> {
  return cachedIvs(deps, {
    operation: 'GetStreamSession',
    key: `${key.channel.arn}\u0000${key.streamId ?? 'latest'}`,
    freshness: (session) => (key.streamId !== null && session.endTime != null ? 'immutable' : 'mutable'),
    bytes: (session) => sizes.get(session),
    forShared: sessionWithoutSecrets,
    partial: sessionLacksSecrets,
    fetch: () => fetchStreamSession(deps, key),
  });
}

/** Size of the IVS answer each fresh session was mapped from: what it costs in the in-process cache. */
const sizes = new WeakMap<StreamSessionModel, number>();

async function fetchStreamSession(deps: IvsDeps, { channel, streamId }: StreamSessionKey): Promise<StreamSessionModel> {
  const context = { channelArn: channel.arn, streamId: streamId ?? 'latest' };
  // Read as IVS sent it (src/ivs/raw-json.ts): timestamps stay RFC 3339 strings, no Date round trip.
  const output = (await callIvs(
    deps,
    channel.region,
    'GetStreamSession',
    (client, abortSignal) =>
      client.send(new GetStreamSessionCommand({ channelArn: channel.arn, ...(streamId ? { streamId } : {}) }), { abortSignal }),
    context,
  )) as Wire<GetStreamSessionCommandOutput> & { [RAW_JSON_BYTES]?: number };
  if (!output.streamSession) {
    throw gatewayError(
      ErrorCode.NOT_FOUND,
      streamId ? `IVS returned no stream session ${streamId} for channel ${channel.arn}.` : `Channel ${channel.arn} has no stream sessions yet.`,
    );
  }
  const session = toStreamSessionModel(channel.arn, output.streamSession, enumReporter(deps.logger, context));
  if (output[RAW_JSON_BYTES] !== undefined) sizes.set(session, output[RAW_JSON_BYTES]);
  return session;
}
