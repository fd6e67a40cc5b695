import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { paginate } from '../../ivs/pagination.js';

export const liveStreams: NonNullable<QueryResolvers['liveStreams']> = (_parent, { health, first, after }, { loaders, regions }) =>
  paginate({
    scope: `ListStreams ${health ?? ''}`,
    regions,
    first,
    after,
    fetchPage: (request) => loaders.streamPage.load({ ...request, health: health ?? null }),
  });
