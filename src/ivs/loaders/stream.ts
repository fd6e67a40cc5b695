import { GetStreamCommand } from '@aws-sdk/client-ivs';
import type DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import { cachedIvs } from '../../cache/cached-call.js';
import type { ChannelArn } from '../../kernel/arn.js';
import { callIvs } from '../../upstream/call.js';
import { enumReporter, toStreamModel } from '../mappers.js';
import type { StreamModel } from '../models.js';
import type { IvsDeps } from './deps.js';
import { perKeyLoader } from './per-key.js';

/** A channel's live stream (GetStream, one call per distinct channel), or null when it is offline. */
export function createStreamLoader(deps: IvsDeps): DataLoader<ChannelArn, StreamModel | null, string> {
  return perKeyLoader(
    (channel: ChannelArn) => getStream(deps, channel),
    (channel) => channel.arn,
  );
}

/** A live stream changes all the time: cached for CACHE_TTL_SECONDS only (an offline channel's `null` too). */
function getStream(deps: IvsDeps, channel: ChannelArn): Promise<StreamModel | null> {
  return cachedIvs(deps, {
    operation: 'GetStream',
    key: channel.arn,
    freshness: () => 'mutable',
    fetch: async () => ({ value: await fetchStream(deps, channel) }),
  });
}

async function fetchStream(deps: IvsDeps, channel: ChannelArn): Promise<StreamModel | null> {
  try {
    const { stream } = await callIvs(
      deps.upstream,
      deps.scope,
      { region: channel.region, account: channel.accountId, operation: 'GetStream', resource: channel.arn },
      (client, abortSignal) => client.send(new GetStreamCommand({ channelArn: channel.arn }), { abortSignal }),
      { channelArn: channel.arn },
    );
    return stream ? toStreamModel(stream, true, enumReporter(deps.upstream.logger, { channelArn: channel.arn })) : null;
  } catch (error) {
    // IVS reports an offline channel as an error; for the schema it is simply no live stream.
    if ((error as GraphQLError).extensions?.ivsErrorType === 'ChannelNotBroadcasting') return null;
    throw error;
  }
}
