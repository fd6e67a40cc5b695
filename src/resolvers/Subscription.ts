import type { StreamModel } from '../ivs/models.js';
import type { SubscriptionResolvers } from '../__generated__/resolvers-types.js';
import { mayReadAccount, requireAccount, requireScope, Scope } from '../auth/principal.js';
import { ErrorCode, gatewayError } from '../errors.js';
import { parseChannelArn } from '../ivs/arn.js';
import { accountOfArn } from '../auth/access.js';
import { liveStreamSets, streamUpdates, type StreamUpdateModel } from '../live/subscriptions.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export const Subscription: SubscriptionResolvers = {
  streamChanged: {
    subscribe: (_parent, { channelArn }, { live, principal }) => {
      requireScope(principal, Scope.SESSIONS_READ, 'Reading IVS data');
      const channel = parseChannelArn(channelArn, 'channelArn');
      requireAccount(principal, channel.accountId, `The resource ${channel.arn}`);
      return streamUpdates(live.hub, channel.region, channel.arn, live.maxBuffered);
    },
    resolve: (update: StreamUpdateModel) => update,
  },
  liveStreamsChanged: {
    subscribe: (_parent, { health, region }, { live, principal, regions }) => {
      requireScope(principal, Scope.SESSIONS_READ, 'Reading IVS data');
      if (region != null && !REGION.test(region)) {
        throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "region" must be an AWS region such as eu-west-1; got ${JSON.stringify(region.slice(0, 40))}.`, { argument: 'region' });
      }
      // Streams of accounts the principal is not granted are left out of its sets, before deciding to push.
      const visible = (stream: StreamModel) => mayReadAccount(principal, accountOfArn(stream.channelArn) ?? '');
      return liveStreamSets(live.hub, region ? [region] : regions, { health: health ?? null, visible }, live.maxBuffered);
    },
    resolve: (streams: StreamModel[]) => streams,
  },
};
