import { GetStreamSessionCommand } from '@aws-sdk/client-ivs';
import type DataLoader from 'dataloader';
import { cachedIvs } from '../../cache/cached-call.js';
import { sessionLacksSecrets, sessionWithoutSecrets } from '../secrets.js';
import { ErrorCode, gatewayError } from '../../kernel/errors.js';
import type { ChannelArn } from '../../kernel/arn.js';
import { callIvs } from '../../upstream/call.js';
import { sendRaw } from '../../upstream/raw-json.js';
import { enumReporter, toStreamSessionModel } from '../mappers.js';
import type { StreamSessionModel } from '../models.js';
import type { IvsDeps } from './deps.js';
import { perKeyLoader } from './per-key.js';

export interface StreamSessionKey {
  channel: ChannelArn;
  /** `null` asks for the channel's most recent session. */
  streamId: string | null;
}

/** Identifies a session key within GetStreamSession: in the loader and in the cross-request cache. */
const sessionKey = ({ channel, streamId }: StreamSessionKey) => `${channel.arn}\u0000${streamId ?? 'latest'}`;

/**
 * The same (channel, streamId or latest) asked for any number of times in one operation costs one
 * GetStreamSession. IVS has no batch read for sessions, so distinct keys fan out in parallel, bounded
 * per region by the shared limiter.
 */
export function createStreamSessionLoader(deps: IvsDeps): DataLoader<StreamSessionKey, StreamSessionModel, string> {
  return perKeyLoader((key: StreamSessionKey) => getStreamSession(deps, key), sessionKey);
}

/**
 * Through the cross-request cache (src/cache/): a session that has ended, asked for by its streamId,
 * can never change and is kept for CACHE_ENDED_SESSION_TTL_SECONDS; a live session, or the latest
 * session of a channel (a new one may start at any time), for CACHE_TTL_SECONDS. What it costs in the
 * in-process cache is the size of the IVS answer it was mapped from.
 */
function getStreamSession(deps: IvsDeps, key: StreamSessionKey): Promise<StreamSessionModel> {
  return cachedIvs(deps, {
    operation: 'GetStreamSession',
    key: sessionKey(key),
    freshness: (session) => (key.streamId !== null && session.endTime != null ? 'immutable' : 'mutable'),
    forShared: sessionWithoutSecrets,
    partial: sessionLacksSecrets,
    fetch: () => fetchStreamSession(deps, key),
  });
}

async function fetchStreamSession(
  deps: IvsDeps,
  { channel, streamId }: StreamSessionKey,
): Promise<{ value: StreamSessionModel; bytes: number | undefined }> {
  const context = { channelArn: channel.arn, streamId: streamId ?? 'latest' };
  // Read as IVS sent it (src/upstream/raw-json.ts): timestamps stay RFC 3339 strings, no Date round trip.
  const { output, bytes } = await callIvs(
    deps.upstream,
    deps.scope,
    { region: channel.region, account: channel.accountId, operation: 'GetStreamSession', resource: channel.arn },
    (client, abortSignal) =>
      sendRaw(client, new GetStreamSessionCommand({ channelArn: channel.arn, ...(streamId ? { streamId } : {}) }), abortSignal),
    context,
  );
  if (!output.streamSession) {
    throw gatewayError(
      ErrorCode.NOT_FOUND,
      streamId
        ? `IVS returned no stream session ${streamId} for channel ${channel.arn}.`
        : `Channel ${channel.arn} has no stream sessions yet.`,
    );
  }
  return { value: toStreamSessionModel(channel.arn, output.streamSession, enumReporter(deps.upstream.logger, context)), bytes };
}
