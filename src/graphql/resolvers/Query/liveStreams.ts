import type { QueryResolvers } from '../../../__generated__/resolvers-types.js';
import { visibleTo } from '../../../auth/access.js';
import type { StreamModel } from '../../../ivs/models.js';
import { paginate } from '../../../ivs/pagination.js';

export const liveStreams: NonNullable<QueryResolvers['liveStreams']> = (
  _parent,
  { health, first, after },
  { loaders, regions, principal },
) =>
  paginate({
    scope: `ListStreams ${health ?? ''}`,
    regions,
    first,
    after,
    fetchPage: (request) => loaders.streamPage.load({ ...request, health: health ?? null }),
    // A principal restricted to some AWS accounts sees only their streams.
    visible: visibleTo(principal, (stream: StreamModel) => stream.channelArn),
  });
