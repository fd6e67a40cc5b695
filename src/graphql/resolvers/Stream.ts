import type { StreamResolvers } from '../../__generated__/resolvers-types.js';
import { parseChannelArn } from '../../kernel/arn.js';
import type { StreamModel } from '../../ivs/models.js';
import { detailResolvers } from './details.js';
import { keyField, resolveReference } from './reference.js';

export const Stream: StreamResolvers = {
  // ListStreams summaries lack playbackUrl; GetStream has it.
  ...detailResolvers<StreamModel, 'playbackUrl'>(['playbackUrl'], (stream, { loaders }) =>
    loaders.stream.load(parseChannelArn(stream.channelArn)),
  ),
  // Federation: a reference resolves to the channel's live stream, or null when it is offline.
  __resolveReference: (ref, { loaders }) => resolveReference(() => loaders.stream.load(keyField(ref, 'channelArn', parseChannelArn))),
  channel: (stream, _args, { loaders }) => loaders.channel.load(parseChannelArn(stream.channelArn)),
};
