import type { QueryResolvers } from '../../../__generated__/resolvers-types.js';
import { checkStreamId, parseChannelArn } from '../../../kernel/arn.js';

export const streamSession: NonNullable<QueryResolvers['streamSession']> = (_parent, args, { loaders }) =>
  loaders.streamSession.load({
    channel: parseChannelArn(args.channelArn, 'channelArn'),
    streamId: args.streamId == null ? null : checkStreamId(args.streamId, 'streamId'),
  });
