import type { ChannelResolvers } from '../../__generated__/resolvers-types.js';
import { parseChannelArn } from '../../kernel/arn.js';
import { CHANNEL_DETAIL_FIELDS, type ChannelModel } from '../../ivs/models.js';
import { paginate } from '../../ivs/pagination.js';
import { detailResolvers } from './details.js';
import { keyField, resolveReference } from './reference.js';

export const Channel: ChannelResolvers = {
  ...detailResolvers<ChannelModel, (typeof CHANNEL_DETAIL_FIELDS)[number]>(CHANNEL_DETAIL_FIELDS, (channel, { loaders }) =>
    loaders.channel.load(parseChannelArn(channel.arn, 'arn')),
  ),

  // Federation: references by `arn` share the BatchGetChannel loader with every other channel of the operation.
  __resolveReference: (ref, { loaders }) => resolveReference(() => loaders.channel.load(keyField(ref, 'arn', parseChannelArn))),

  streamSessions: (channel, { first, after }, { loaders }) => {
    const arn = parseChannelArn(channel.arn, 'arn');
    return paginate({
      scope: `ListStreamSessions ${arn.arn}`,
      regions: [arn.region],
      first,
      after,
      fetchPage: (request) => loaders.streamSessionPage.load({ ...request, channel: arn }),
    });
  },

  latestStreamSession: (channel, _args, { loaders }) =>
    loaders.streamSession.load({ channel: parseChannelArn(channel.arn, 'arn'), streamId: null }),

  stream: (channel, _args, { loaders }) => loaders.stream.load(parseChannelArn(channel.arn, 'arn')),

  recordingConfiguration: (channel, _args, { loaders }) =>
    channel.recordingConfigurationArn ? loaders.recordingConfiguration.load(channel.recordingConfigurationArn) : null,
};
