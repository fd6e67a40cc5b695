import type { QueryResolvers } from '../../../__generated__/resolvers-types.js';
import { visibleTo } from '../../../auth/access.js';
import { checkChannelFilters } from '../../../kernel/arn.js';
import type { ChannelModel } from '../../../ivs/models.js';
import { paginate } from '../../../ivs/pagination.js';

export const channels: NonNullable<QueryResolvers['channels']> = (_parent, args, { loaders, regions, principal }) => {
  const { filters, region } = checkChannelFilters(args);
  return paginate({
    scope: `ListChannels ${JSON.stringify(filters)}`,
    regions: region ? [region] : regions,
    first: args.first,
    after: args.after,
    fetchPage: (request) => loaders.channelPage.load({ ...request, filters }),
    // A principal restricted to some AWS accounts sees only their channels.
    visible: visibleTo(principal, (channel: ChannelModel) => channel.arn),
  });
};
