import type { StreamSessionResolvers } from '../__generated__/resolvers-types.js';
import { parseChannelArn } from '../ivs/arn.js';
import { SESSION_DETAIL_FIELDS, type StreamSessionModel } from '../ivs/models.js';
import { detailResolvers } from './details.js';

export const StreamSession: StreamSessionResolvers = {
  // A session from ListStreamSessions is a summary; the rest comes from GetStreamSession when selected.
  ...detailResolvers<StreamSessionModel, (typeof SESSION_DETAIL_FIELDS)[number]>(SESSION_DETAIL_FIELDS, async (session, { loaders }) =>
    session.streamId ? loaders.streamSession.load({ channel: parseChannelArn(session.channelArn), streamId: session.streamId }) : null,
  ),
};
