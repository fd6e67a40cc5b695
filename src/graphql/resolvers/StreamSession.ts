import type { StreamSessionResolvers } from '../../__generated__/resolvers-types.js';
import { checkStreamId, parseChannelArn } from '../../kernel/arn.js';
import { SESSION_DETAIL_FIELDS, type StreamSessionModel } from '../../ivs/models.js';
import { detailResolvers } from './details.js';
import { keyField, resolveReference } from './reference.js';

export const StreamSession: StreamSessionResolvers = {
  // A session from ListStreamSessions is a summary; the rest comes from GetStreamSession when selected.
  ...detailResolvers<StreamSessionModel, (typeof SESSION_DETAIL_FIELDS)[number]>(SESSION_DETAIL_FIELDS, (session, { loaders }) =>
    loaders.streamSession.load({ channel: parseChannelArn(session.channelArn), streamId: session.streamId }),
  ),

  // Federation: the router resolves references to sessions here, through the same loader.
  __resolveReference: (ref, { loaders }) =>
    resolveReference(() =>
      loaders.streamSession.load({
        channel: keyField(ref, 'channelArn', parseChannelArn),
        streamId: keyField(ref, 'streamId', checkStreamId),
      }),
    ),
};
