import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { checkChannelFilters } from '../../ivs/arn.js';
import { paginate } from '../../ivs/pagination.js';

export const channels: NonNullable<QueryResolvers['channels']> = (_parent, args, { loaders, regions }) => {
  const { filters, region } = checkChannelFilters(args);
  return paginate({
    scope: `ListChannels ${JSON.stringify(filters)}`,
    regions: region ? [region] : regions,
    first: args.first,
    after: args.after,
    fetchPage: (request) => loaders.channelPage.load({ ...request, filters }),
  });
};
