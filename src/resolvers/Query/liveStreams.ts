import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { visibleTo } from '../../auth/access.js';
import { paginate } from '../../ivs/pagination.js';

export const liveStreams: NonNullable<QueryResolvers['liveStreams']> = async (_parent, { health, first, after }, { loaders, regions, principal }) => {
  const connection = await paginate({
    scope: `ListStreams ${health ?? ''}`,
    regions,
    first,
    after,
    fetchPage: (request) => loaders.streamPage.load({ ...request, health: health ?? null }),
  });
  // A principal restricted to some AWS accounts sees only their streams.
  return visibleTo(principal, connection, (stream) => stream.channelArn);
};
