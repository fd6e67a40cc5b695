import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { Channel } from './Channel.js';
import { channel } from './Query/channel.js';
import { channels } from './Query/channels.js';
import { liveStreams } from './Query/liveStreams.js';
import { streamSession } from './Query/streamSession.js';
import { scalars } from './scalars.js';
import { Srt } from './Srt.js';
import { Stream } from './Stream.js';
import { StreamSession } from './StreamSession.js';
import { Subscription } from './Subscription.js';

// Types without an entry here are served by default resolvers straight from their models.
export const resolvers: Resolvers = {
  ...scalars,
  Query: { streamSession, channel, channels, liveStreams },
  Channel,
  StreamSession,
  Stream,
  Srt,
  Subscription,
};
