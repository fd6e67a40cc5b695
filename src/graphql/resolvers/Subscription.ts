import type { StreamModel } from '../../ivs/models.js';
import type { SubscriptionResolvers } from '../../__generated__/resolvers-types.js';
import { requireAccount, requireRead } from '../../auth/principal.js';
import { parseChannelArn } from '../../kernel/arn.js';
import { requireAllowedRegion } from '../../kernel/regions.js';
import { visibleTo } from '../../auth/access.js';
import { liveStreamSets, streamUpdates, type StreamUpdateModel } from '../../live/subscriptions.js';

export const Subscription: SubscriptionResolvers = {
  streamChanged: {
    subscribe: (_parent, { channelArn }, { live, principal, allowedRegions }) => {
      requireRead(principal);
      const channel = parseChannelArn(channelArn, 'channelArn');
      // Before the hub: a made-up region must not start a poller.
      requireAllowedRegion(allowedRegions, channel.region, 'channelArn');
      requireAccount(principal, channel.accountId, `The resource ${channel.arn}`);
      return streamUpdates(live.hub, channel.region, channel.arn, live.maxBuffered);
    },
    resolve: (update: StreamUpdateModel) => update,
  },
  liveStreamsChanged: {
    subscribe: (_parent, { health, region }, { live, principal, regions, allowedRegions }) => {
      requireRead(principal);
      if (region != null) requireAllowedRegion(allowedRegions, region, 'region');
      // Streams of accounts the principal is not granted are left out of its sets, before deciding to push.
      const visible = visibleTo(principal, (stream: StreamModel) => stream.channelArn);
      return liveStreamSets(live.hub, region ? [region] : regions, { health: health ?? null, visible }, live.maxBuffered);
    },
    resolve: (streams: StreamModel[]) => streams,
  },
};
